/**
 * Freshness of sources (DESIGN.md): when each centre, and each named source inside it, last
 * reported, and whether that silence has lasted long enough to make its figures stale.
 *
 *   applyEvent ─► noteSource: last event time per source (event `ts`, only ever moving forward)
 *   snapshot   ─► readFreshness(now): silentSec, stale, and `sourceSilentSec` for rules
 *
 * A centre is stale when nothing at all came for longer than its silentAfterSec, or when a
 * source its config names has fallen silent for longer than that source's own. Sources that
 * merely once sent something (a test post, a retired bridge) are listed but never make it stale.
 * Outside opening hours `sourceSilentSec` is null, so a closed centre raises no alert, while the
 * screens still say the feed is silent.
 */
import type { CentreConfig } from '../../config/topology.js';
import { isOpen } from './opening-hours.js';
import type { MetricsByScope, ScopeFreshness, SourceFreshness } from './types.js';

/** A centre remembers at most this many sources; past it the longest silent is forgotten. */
export const MAX_SOURCES = 32;

/** noteSource records an event's time for its source; an older time than the one known is ignored. */
export function noteSource(sources: Map<string, number>, source: string, ts: number): void {
  const last = sources.get(source);
  if (last !== undefined) {
    if (ts > last) sources.set(source, ts);
    return;
  }
  sources.set(source, ts);
  if (sources.size <= MAX_SOURCES) return;
  let oldest: [string, number] | undefined;
  for (const entry of sources) if (!oldest || entry[1] < oldest[1]) oldest = entry;
  if (oldest) sources.delete(oldest[0]);
}

/** The freshness fields every scope of a centre carries. */
export interface CentreFreshness {
  freshness: ScopeFreshness;
  /** Seconds since the centre's last event from any source; null outside opening hours or before any event. */
  sourceSilentSec: number | null;
}

/** readFreshness reads one centre's freshness at `now` from its last event time and its sources' times. */
export function readFreshness(
  lastEventAt: number | null,
  sources: ReadonlyMap<string, number>,
  centre: Pick<CentreConfig, 'silentAfterSec' | 'sources' | 'openingHours' | 'timezone'>,
  now: number,
): CentreFreshness {
  const whole = sourceFreshness(lastEventAt, centre.silentAfterSec, now);
  const bySource: Record<string, SourceFreshness> = {};
  for (const [name, at] of sources) bySource[name] = sourceFreshness(at, centre.sources[name]?.silentAfterSec ?? centre.silentAfterSec, now);
  let expectedSilent = false;
  for (const [name, settings] of Object.entries(centre.sources)) {
    const known = (bySource[name] ??= sourceFreshness(null, settings.silentAfterSec, now));
    expectedSilent ||= known.stale;
  }
  const open = isOpen(now, centre.openingHours, centre.timezone);
  return {
    freshness: { ...whole, stale: whole.stale || expectedSilent, sources: bySource },
    sourceSilentSec: open ? whole.silentSec : null,
  };
}

/** sourceFreshness: never heard from is stale, with no silence to count. */
function sourceFreshness(lastEventAt: number | null, silentAfterSec: number, now: number): SourceFreshness {
  if (lastEventAt === null) return { lastEventAt: null, silentSec: null, stale: true };
  const silentMs = Math.max(0, now - lastEventAt);
  return { lastEventAt, silentSec: Math.floor(silentMs / 1000), stale: silentMs > silentAfterSec * 1000 };
}

/**
 * capSilence caps every scope's `sourceSilentSec` at how long this pipeline term has been watching
 * (`watchedMs`). After a restart or a takeover the last event may be long ago because nobody was
 * listening, not because the feed failed: each feed gets the rules' own thresholds to show up before
 * its silence can raise an incident. What the screens show (`freshness`) is left as it is.
 */
export function capSilence(figures: MetricsByScope, watchedMs: number): MetricsByScope {
  const cap = Math.max(0, Math.floor(watchedMs / 1000));
  for (const metrics of Object.values(figures)) {
    if (typeof metrics.sourceSilentSec === 'number' && metrics.sourceSilentSec > cap) metrics.sourceSilentSec = cap;
  }
  return figures;
}
