/**
 * topics: the uWS topics of live protocol v2 and which of them a screen subscribes to.
 *
 *   news            levels, incidents, rules, banners, routing, epoch, ping (every screen)
 *   totals          `all` and `media:<media>` (every centre's totals)
 *   centre:<c>      `centre:<c>`, `queue:<c>/*`, `media:<c>/*`, `skill:<c>/*`
 *   region:<r>      `region:<r>`
 *
 * A centre's topic carries its queues, media and skills too, because those appear as events
 * name them (skills) and uWS topics have no wildcards. A wall subscribes to news, totals, its
 * hall's centres and their regions; a control screen to every topic.
 */
import type { CentreConfig } from '../../config/topology.js';

export const NEWS = 'news';
export const TOTALS = 'totals';

/** topicOf names the topic a scope's figures go out on. */
export function topicOf(scope: string): string {
  const colon = scope.indexOf(':');
  if (colon < 0) return TOTALS;
  const kind = scope.slice(0, colon);
  const rest = scope.slice(colon + 1);
  if (kind === 'centre') return scope;
  if (kind === 'region') return scope;
  const slash = rest.indexOf('/');
  if (slash > 0 && (kind === 'queue' || kind === 'media' || kind === 'skill')) return `centre:${rest.slice(0, slash)}`;
  return TOTALS;
}

/** What one screen receives: its topics, and the centres its topology names (all for a control screen). */
export interface Subscription {
  /** Names the subscription for sharing built snapshots. */
  key: string;
  topics: ReadonlySet<string>;
  centres: ReadonlySet<string>;
}

/**
 * subscriptionFor resolves a screen's request: `hall` null (no `hall=` in the address) is a
 * control screen and gets everything; a hall id gets that hall's centres (every centre when the
 * hall names none), and an empty or unknown one the first hall's, as the wall shows it.
 */
export function subscriptionFor(hall: string | null, centres: readonly Pick<CentreConfig, 'id' | 'region'>[], halls: Record<string, { centres?: string[] }>): Subscription {
  let shown = centres;
  let key = 'all';
  if (hall !== null) {
    const id = hall in halls ? hall : Object.keys(halls)[0];
    const named = id === undefined ? undefined : halls[id]?.centres;
    if (named) shown = centres.filter((c) => named.includes(c.id));
    key = `hall:${id ?? ''}`;
  }
  const topics = new Set([NEWS, TOTALS]);
  for (const c of shown) {
    topics.add(`centre:${c.id}`);
    topics.add(`region:${c.region ?? c.id}`);
  }
  return { key, topics, centres: new Set(shown.map((c) => c.id)) };
}
