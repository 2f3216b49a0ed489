/**
 * A checkpoint is a centre's metrics state together with the id of the last stream
 * entry folded into it. It is written by a step's commit (pipeline/commit.ts) together with
 * the XACK of those entries, so "applied" and "acknowledged" never disagree after a crash,
 * and an engine that lost its lease cannot overwrite its successor's checkpoint.
 */
import type { Redis } from 'ioredis';
import type { PartitionJson } from '../metrics/serialise.js';
import type { Keys } from '../../platform/redis/keys.js';

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
  const texts = await Promise.all(keys.checkpoints(centre).map((key) => redis.get(key)));
  const found = texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as Checkpoint);
  return found.sort((a, b) => compareIds(b.lastId, a.lastId))[0];
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
