/**
 * LiveMessages carries non-metric news (levels, incidents, rules status…) to every
 * instance's wallboards through Redis pub/sub, keeping the latest of each type for the
 * snapshot a newly connected screen receives. Each message is stamped with the Redis epoch it
 * belongs to (`epoch`), so a hub or screen can tell news from before Redis lost its state.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../platform/redis/keys.js';

export interface LiveMessage {
  type: string;
  /** When it was true (epoch ms): an older message never replaces a newer one of its type. */
  asOf: number;
  /** The Redis epoch it belongs to (set on publish). */
  epoch?: string;
  [field: string]: unknown;
}

export class LiveMessages {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** The Redis epoch in force (EpochWatcher.id). */
    private readonly epoch: () => string | null,
  ) {}

  async publish(message: LiveMessage): Promise<void> {
    const text = JSON.stringify({ epoch: this.epoch() ?? undefined, ...message });
    await this.redis.multi().set(this.keys.liveLast(message.type), text).publish(this.keys.liveChannel(), text).exec();
  }

  /** latest returns the last message of each type, for the snapshot. */
  async latest(types: string[]): Promise<LiveMessage[]> {
    if (types.length === 0) return [];
    const texts = await this.redis.mget(types.map((t) => this.keys.liveLast(t)));
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as LiveMessage);
  }
}

/** The message types kept for snapshots. */
export const SNAPSHOT_TYPES = ['epoch', 'levels', 'incidents', 'rules', 'banners', 'routing'];

/** Message types that do not come from Redis state, kept when Redis loses it (the rules files' status). */
export const EPOCH_FREE_TYPES: ReadonlySet<string> = new Set(['rules', 'epoch']);
