/**
 * chooseReroute decides where a `reroute` action sends traffic:
 *
 *   other centres serving the queue (same queue id) or the media
 *     ─► with spare capacity: live staffingGap < 0, margin = −gap
 *     ─► at the lowest level among those (levels of their scopes in force: the rules', raised by open incidents, levelsInForce)
 *     ─► the share split in proportion to their margins, in steps of 0.1 %
 *
 * No target leaves `to` empty and says why, centre by centre. The reason comes in English and as a
 * note (`reroute.*`, the same facts as parameters) for screens in other languages.
 */
import type { Config } from '../../config/types.js';
import { note, type Note } from '../../platform/i18n/note.js';
import { centreOf } from '../incidents/lifecycle.js';
import type { MetricsByScope } from '../metrics/types.js';
import { highestLevel, levelRank, type Level } from '../rules/index.js';
import { apportion } from './apportion.js';
import { percentOf, signedNumber } from './format.js';
import type { RerouteSpec } from './types.js';

/** RerouteChoice: each target centre with its share of the traffic (fractions adding up to the spec's share). */
export interface RerouteChoice {
  to: { centre: string; share: number }[];
  reason: string;
  /** The reason as a note; absent on choices saved before notes existed. */
  note?: Note;
}

interface Candidate {
  centre: string;
  gap: number | null;
  level: Level;
}

/** chooseReroute picks target centres for moving `spec.share` of `fromCentre`'s traffic. `levels` maps scope ids to their level. */
export function chooseReroute(spec: RerouteSpec, fromCentre: string, metrics: MetricsByScope, levels: Readonly<Record<string, Level>>, config: Pick<Config, 'centres'>): RerouteChoice {
  const what = spec.queue !== undefined ? `queue ${spec.queue}` : `${spec.media} traffic`;
  const traffic: Record<string, string> = spec.queue !== undefined ? { queue: spec.queue } : { media: String(spec.media) };
  if (fromCentre === 'all') return { to: [], reason: `a network-wide incident has no centre to move ${what} from`, note: note('reroute.networkWide', traffic) };
  const candidates: Candidate[] = config.centres
    .filter((c) => c.id !== fromCentre && c.queues.some((q) => (spec.queue !== undefined ? q.id === spec.queue : q.media === spec.media)))
    .map((c) => {
      const scope = spec.queue !== undefined ? `queue:${c.id}/${spec.queue}` : `media:${c.id}/${spec.media}`;
      return { centre: c.id, gap: metrics[scope]?.staffingGap ?? null, level: centreLevel(c.id, levels) };
    });
  if (candidates.length === 0) return { to: [], reason: `no centre but ${fromCentre} serves ${what}`, note: note('reroute.noOtherCentre', { from: fromCentre, ...traffic }) };
  const spare = candidates.filter((c) => c.gap !== null && c.gap < 0);
  if (spare.length === 0) {
    const reason = `no spare capacity for ${what} outside ${fromCentre} (${candidates.map(describe).join('; ')})`;
    return { to: [], reason, note: note('reroute.noSpare', { from: fromCentre, ...traffic, ...numbered('other', candidates) }) };
  }

  const lowest = Math.min(...spare.map((c) => levelRank(c.level)));
  const targets = spare.filter((c) => levelRank(c.level) === lowest);
  const margins = targets.map((t) => -(t.gap ?? 0));
  const shares = split(spec.share, margins);
  const moved = targets.flatMap((t, i) => ((shares[i] ?? 0) > 0 ? [{ centre: t.centre, share: shares[i] ?? 0, margin: margins[i] }] : []));
  const passedOver = candidates.filter((c) => !targets.includes(c));
  const list = moved.map((t) => `${t.centre} ${percentOf(t.share, 1)} (${t.margin} agents spare)`).join(', ');
  return {
    to: moved.map(({ centre, share }) => ({ centre, share })),
    reason: `${percentOf(spec.share, 1)} of ${fromCentre} ${what} to ${list}, at ${targets[0]?.level}${passedOver.length > 0 ? `; passed over ${passedOver.map(describe).join('; ')}` : ''}`,
    note: note('reroute.moved', {
      share: spec.share,
      from: fromCentre,
      ...traffic,
      level: targets[0]?.level ?? 'normal',
      ...Object.fromEntries(moved.flatMap((t, i) => [[`toCentre${i + 1}`, t.centre], [`toShare${i + 1}`, t.share], [`toSpare${i + 1}`, t.margin ?? 0]])),
      ...numbered('passed', passedOver),
    }),
  };
}

/** centreLevel is the highest level of the centre's scopes (levels list only scopes above normal). */
function centreLevel(centre: string, levels: Readonly<Record<string, Level>>): Level {
  return highestLevel(Object.entries(levels).flatMap(([scope, level]) => (centreOf(scope) === centre ? [level] : [])));
}

function describe(c: Candidate): string {
  return `${c.centre}: ${c.gap === null ? 'no figures' : `gap ${signedNumber(c.gap)}`} at ${c.level}`;
}

/** numbered: candidates as numbered parameters — `${name}Centre1`, `${name}Gap1` (absent without figures), `${name}Level1`… */
function numbered(name: string, candidates: readonly Candidate[]): Record<string, string | number> {
  return Object.fromEntries(
    candidates.flatMap((c, i) => [[`${name}Centre${i + 1}`, c.centre], ...(c.gap === null ? [] : [[`${name}Gap${i + 1}`, c.gap]]), [`${name}Level${i + 1}`, c.level]]),
  );
}

/** split shares `share` in proportion to `weights`, in thousandths (0.1 %), so the parts add up exactly. */
function split(share: number, weights: readonly number[]): number[] {
  return apportion(Math.round(share * 1000), weights).map((p) => p / 1000);
}
