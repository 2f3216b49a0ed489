/**
 * Banners per incident: every banner step that ran records its text for (incident, level);
 * an incident shows the banner of its highest recorded level that its level in force still
 * reaches. So a fire de-escalated from black to red shows red's banner again, and one
 * incident's banners never hide or clear another's. Pure: entries and incidents in, banners out.
 */
import type { Incident } from '../incidents/types.js';
import { levelRank, type AlertLevel } from '../rules/index.js';

/** BannerEntry is what one banner step put up: its text for one incident at one level. */
export interface BannerEntry {
  /** The plan step that put it up (and takes it down). */
  step: string;
  incidentId: string;
  centre: string;
  level: AlertLevel;
  text: string;
  since: number;
}

/** Banner is what the wallboards show for one incident (the `banners` live message lists them). */
export type Banner = Omit<BannerEntry, 'step'>;

/**
 * bannersInForce picks, per open incident, the entry of the highest level not above its level
 * in force (the latest wins a tie); the most severe first, then the oldest incident first.
 */
export function bannersInForce(entries: readonly BannerEntry[], incidents: readonly Pick<Incident, 'id' | 'level' | 'state' | 'openedAt'>[]): Banner[] {
  const shown: { banner: Banner; openedAt: number }[] = [];
  for (const incident of incidents) {
    if (incident.state !== 'open') continue;
    const reach = levelRank(incident.level);
    let best: BannerEntry | undefined;
    for (const e of entries) {
      if (e.incidentId !== incident.id || levelRank(e.level) > reach) continue;
      if (!best || levelRank(e.level) > levelRank(best.level) || (e.level === best.level && e.since > best.since)) best = e;
    }
    if (best) shown.push({ banner: { incidentId: best.incidentId, centre: best.centre, level: best.level, text: best.text, since: best.since }, openedAt: incident.openedAt });
  }
  return shown.sort((a, b) => levelRank(b.banner.level) - levelRank(a.banner.level) || a.openedAt - b.openedAt).map((s) => s.banner);
}
