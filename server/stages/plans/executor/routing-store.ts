/**
 * RoutingStore is the re-routing in force (what the ACD was last told) and its history,
 * shown at GET /v1/routing and on the screens.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import type { LiveMessages } from '../../push/messages.js';

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
  changedAt: number;
  expiresAt: number | null;
}

const HISTORY = 500;

export class RoutingStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  static keyOf(change: Pick<RoutingChange, 'from' | 'queue' | 'media'>): string {
    return `${change.from}/${change.queue ?? change.media ?? 'all'}`;
  }

  /** apply records a change: in force when it moves traffic, removed when it restores it. */
  async apply(change: RoutingChange): Promise<void> {
    const key = RoutingStore.keyOf(change);
    const multi = this.redis.multi();
    if (change.to.length > 0) multi.hset(this.keys.routing(), key, JSON.stringify(change));
    else multi.hdel(this.keys.routing(), key);
    await multi.lpush(this.keys.routingHistory(), JSON.stringify(change)).ltrim(this.keys.routingHistory(), 0, HISTORY - 1).exec();
  }

  async inForce(): Promise<RoutingChange[]> {
    return (await this.redis.hvals(this.keys.routing())).map((t) => JSON.parse(t) as RoutingChange);
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
