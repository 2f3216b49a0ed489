/**
 * RoutingStore is the re-routing in force (what the ACD was last told) and its history,
 * shown at GET /v1/routing and on the screens.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';
import type { LiveMessages } from '../../push/messages.js';
import type { Note } from '../../../platform/i18n/note.js';

export interface RoutingChange {
  /** The routing.changed webhook id. */
  id: string;
  incidentId: string;
  from: string;
  /** Shares of `from`'s traffic sent elsewhere; empty when routing is restored. */
  to: { centre: string; share: number }[];
  queue?: string;
  media?: string;
  reason: string;
  /** The reason as a note, for screens in other languages (kept here, not sent to the ACD; absent on older records). */
  reasonNote?: Note;
  changedAt: number;
  expiresAt: number | null;
}

const HISTORY = 500;

export class RoutingStore {
  private readonly hash: JsonHash<RoutingChange>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.hash = new JsonHash<RoutingChange>(redis, keys.routing(), RoutingStore.keyOf);
  }

  static keyOf(change: Pick<RoutingChange, 'from' | 'queue' | 'media'>): string {
    return `${change.from}/${change.queue ?? change.media ?? 'all'}`;
  }

  /** apply records a change: in force when it moves traffic, removed when it restores it. */
  async apply(change: RoutingChange): Promise<void> {
    const multi = this.redis.multi();
    if (change.to.length > 0) this.hash.putIn(multi, change);
    else this.hash.deleteIn(multi, RoutingStore.keyOf(change));
    await multi.lpush(this.keys.routingHistory(), JSON.stringify(change)).ltrim(this.keys.routingHistory(), 0, HISTORY - 1).exec();
  }

  inForce(): Promise<RoutingChange[]> {
    return this.hash.values();
  }

  async history(limit = 100): Promise<RoutingChange[]> {
    return (await this.redis.lrange(this.keys.routingHistory(), 0, limit - 1)).map((t) => JSON.parse(t) as RoutingChange);
  }
}

/** publishRouting announces the routing in force to the wallboards, as of when it was read (a later read wins). */
export async function publishRouting(deps: { routing: RoutingStore; live: LiveMessages; clock: () => number }): Promise<void> {
  const asOf = deps.clock();
  await deps.live.publish({ type: 'routing', asOf, routes: await deps.routing.inForce() });
}
