/**
 * JsonHash is a Redis hash of JSON documents, each under the field its `fieldOf` names: the
 * one store behind plan steps, notifications, seats, routing, banners, silences and the open
 * incidents, so each of those only says what its documents are and how they are keyed. A store
 * that is only such a hash extends it; one that guards its writes (silences) or keeps more
 * (routing's history, the incidents) holds one.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { pipelineReplies } from './script.js';

export class JsonHash<T> {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    /** fieldOf names the field a document is kept under. */
    readonly fieldOf: (doc: T) => string,
  ) {}

  async get(field: string): Promise<T | undefined> {
    const text = await this.redis.hget(this.key, field);
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async put(doc: T): Promise<void> {
    await this.redis.hset(this.key, this.fieldOf(doc), JSON.stringify(doc));
  }

  async putMany(docs: T[]): Promise<void> {
    if (docs.length > 0) await this.redis.hset(this.key, ...docs.flatMap((doc) => [this.fieldOf(doc), JSON.stringify(doc)]));
  }

  /** putIfAbsent writes only a new field, and returns what the field holds afterwards (one round trip). */
  async putIfAbsent(doc: T): Promise<T> {
    const [, text] = await pipelineReplies(this.putIfAbsentIn(this.redis.multi(), doc));
    return JSON.parse(text as string) as T;
  }

  /** update merges a change into the document under a field, if there is one, and returns the result. */
  async update(field: string, change: Partial<T>): Promise<T | undefined> {
    const doc = await this.get(field);
    if (doc === undefined) return undefined;
    const next = { ...doc, ...change };
    await this.put(next);
    return next;
  }

  async delete(fields: string[]): Promise<void> {
    if (fields.length > 0) await this.redis.hdel(this.key, ...fields);
  }

  /** putIn and deleteIn add the write to a MULTI that the caller executes with its other writes. */
  putIn(tx: ChainableCommander, doc: T): ChainableCommander {
    return tx.hset(this.key, this.fieldOf(doc), JSON.stringify(doc));
  }

  /** putIfAbsentIn adds the write of a new field and the read of what it then holds (the MULTI's next two replies). */
  putIfAbsentIn(tx: ChainableCommander, doc: T): ChainableCommander {
    const field = this.fieldOf(doc);
    return tx.hsetnx(this.key, field, JSON.stringify(doc)).hget(this.key, field);
  }

  deleteIn(tx: ChainableCommander, field: string): ChainableCommander {
    return tx.hdel(this.key, field);
  }

  async values(): Promise<T[]> {
    return (await this.redis.hvals(this.key)).map((text) => JSON.parse(text) as T);
  }
}
