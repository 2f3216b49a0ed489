/**
 * A checkpoint is a centre's metrics state together with the id of the last stream
 * entry folded into it. It is written in the same MULTI as the XACK of those entries,
 * so "applied" and "acknowledged" never disagree after a crash.
 */
import type { Redis } from 'ioredis';
import type { PartitionJson } from '../metrics/serialise.js';
import { METRICS_GROUP, type Keys } from '../redis/keys.js';

export interface Checkpoint {
  lastId: string;
  state: PartitionJson;
}

export async function loadCheckpoint(redis: Redis, keys: Keys, centre: string): Promise<Checkpoint | undefined> {
  const text = await redis.get(keys.checkpoint(centre));
  return text === null ? undefined : (JSON.parse(text) as Checkpoint);
}

export async function saveCheckpoint(redis: Redis, keys: Keys, centre: string, checkpoint: Checkpoint, ackIds: string[]): Promise<void> {
  const multi = redis.multi().set(keys.checkpoint(centre), JSON.stringify(checkpoint));
  if (ackIds.length > 0) multi.xack(keys.stream(centre), METRICS_GROUP, ...ackIds);
  const results = await multi.exec();
  const failed = results?.find(([err]) => err);
  if (!results || failed) throw failed?.[0] ?? new Error('checkpoint transaction aborted');
}

/** compareIds orders Redis stream ids ("ms-seq"). */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
