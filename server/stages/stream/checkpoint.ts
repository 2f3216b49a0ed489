/**
 * A checkpoint is a centre's metrics state together with the id of the last stream
 * entry folded into it, kept as a hash of its fields so a commit writes only those that changed
 * (checkpoint-fields.ts). It is written by a step's commit (pipeline/commit.ts) together with
 * the XACK of those entries, so "applied" and "acknowledged" never disagree after a crash,
 * and an engine that lost its lease cannot overwrite its successor's checkpoint.
 */
import type { Redis } from 'ioredis';
import type { PartitionJson } from '../metrics/serialise.js';
import type { Keys } from '../../platform/redis/keys.js';
import { fromFields } from './checkpoint-fields.js';

export interface Checkpoint {
  lastId: string;
  state: PartitionJson;
}

/**
 * loadCheckpoint gives a centre's newest checkpoint, wherever either pipeline layout wrote it (keys.ts
 * checkpoints()): switching `server.pipelinePartitions` carries the engine over. One read per key (their
 * slots differ on a Cluster).
 */
export async function loadCheckpoint(redis: Redis, keys: Keys, centre: string): Promise<Checkpoint | undefined> {
  const found = await Promise.all(keys.checkpoints(centre).map((key) => readCheckpoint(redis, key)));
  return found.filter((c): c is Checkpoint => c !== undefined).sort((a, b) => compareIds(b.lastId, a.lastId))[0];
}

/** readCheckpoint reads the hash of a checkpoint's fields (checkpoint-fields.ts), or a checkpoint written whole as one string before them. */
async function readCheckpoint(redis: Redis, key: string): Promise<Checkpoint | undefined> {
  let hash: Record<string, string>;
  try {
    hash = await redis.hgetall(key);
  } catch (err) {
    if (!(err as Error).message.startsWith('WRONGTYPE')) throw err;
    const text = await redis.get(key);
    return text === null ? undefined : (JSON.parse(text) as Checkpoint);
  }
  if (Object.keys(hash).length === 0) return undefined;
  const checkpoint = fromFields(hash) as Partial<Checkpoint> | null;
  if (typeof checkpoint?.lastId !== 'string' || typeof checkpoint.state !== 'object') throw new Error(`${key} holds no checkpoint (no lastId and state)`);
  return checkpoint as Checkpoint;
}

/** compareIds orders Redis stream ids ("ms-seq"). */
export function compareIds(a: string, b: string): number {
  // Runs for every entry the consumer reads: no split() arrays, which showed in profiles.
  const ad = a.indexOf('-');
  const bd = b.indexOf('-');
  const am = Number(ad === -1 ? a : a.slice(0, ad));
  const bm = Number(bd === -1 ? b : b.slice(0, bd));
  return am - bm || (ad === -1 ? 0 : Number(a.slice(ad + 1))) - (bd === -1 ? 0 : Number(b.slice(bd + 1)));
}
