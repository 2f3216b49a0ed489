/**
 * JsonHash is a Redis hash of JSON documents by field: the one store behind plan steps,
 * notifications, seats, routing and silences, so each of those only says what its
 * documents are and how they are keyed.
 */
import type { Redis } from 'ioredis';

export class JsonHash<T> {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
  ) {}

  async get(field: string): Promise<T | undefined> {
    const text = await this.redis.hget(this.key, field);
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async put(field: string, value: T): Promise<void> {
    await this.redis.hset(this.key, field, JSON.stringify(value));
  }

  async putMany(entries: [field: string, value: T][]): Promise<void> {
    if (entries.length > 0) await this.redis.hset(this.key, ...entries.flatMap(([field, value]) => [field, JSON.stringify(value)]));
  }

  /** putIfAbsent writes only a new field, and returns what the field holds afterwards. */
  async putIfAbsent(field: string, value: T): Promise<T> {
    await this.redis.hsetnx(this.key, field, JSON.stringify(value));
    return (await this.get(field))!;
  }

  async delete(fields: string[]): Promise<void> {
    if (fields.length > 0) await this.redis.hdel(this.key, ...fields);
  }

  async values(): Promise<T[]> {
    return (await this.redis.hvals(this.key)).map((text) => JSON.parse(text) as T);
  }
}
