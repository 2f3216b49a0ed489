/**
 * figures: headline figures that need more than one scope. A centre's own longest wait mixes
 * e-mail (hours are normal) with calls (seconds matter), so the wall's headline "longest wait"
 * is the worst among the live media only; deferred media keep their own row in the media table.
 */
import type { ScopeMetrics, TopologyCentre } from './live/protocol.js';
import { mediaScope } from './scopes.js';

/** Media answered later rather than live; their waits are not headline figures. */
export const DEFERRED_MEDIA: ReadonlySet<string> = new Set(['email']);

export interface MediaWait {
  media: string;
  sec: number;
}

/** liveLongestWait: the longest wait among a centre's live media (or, with no centre, across all centres). */
export function liveLongestWait(
  centres: readonly TopologyCentre[],
  scopes: Readonly<Record<string, ScopeMetrics>>,
  centre?: string,
): MediaWait | null {
  const pool = centre === undefined ? centres : centres.filter((c) => c.id === centre);
  const media = new Set(pool.flatMap((c) => c.queues.map((q) => q.media)).filter((m) => !DEFERRED_MEDIA.has(m)));
  let worst: MediaWait | null = null;
  for (const m of media) {
    const s = scopes[mediaScope(m, centre)];
    if (s !== undefined && (worst === null || s.longestWaitSec > worst.sec)) worst = { media: m, sec: s.longestWaitSec };
  }
  return worst;
}
