/**
 * LiveMessages carries news from outside the pipeline's commit (rules status, routing, banners,
 * the Redis epoch) to every instance's wallboards through Redis pub/sub, keeping the latest of
 * each type for the snapshot a newly connected screen receives (ReadModel.snapshot). Each message
 * is stamped with the Redis epoch it belongs to (`epoch`).
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
}

/** The message types a new screen's snapshot carries (the latest of each): everything a screen shows besides figures. */
export const SNAPSHOT_TYPES = ['epoch', 'levels', 'incidents', 'rules', 'banners', 'routing'];
