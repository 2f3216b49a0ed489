/**
 * Replica acknowledgement (redis.ackReplicas / ackTimeoutMs): Redis replicates asynchronously, so a
 * write only the master has is lost if the master dies before passing it on. `WAIT n t` after the
 * write, on the connection that made it, returns how many replicas hold every write that connection
 * made so far. On a Cluster the WAIT rides in a pipeline with a key of the written slot, so it
 * reaches the master that took the write and counts that master's replicas.
 *
 * WAIT blocks its connection until the replicas answer (or the timeout), so a store that waits has a
 * connection of its own: the commands queued behind a WAIT are only those that wait as well.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { pipelineReplies } from './script.js';

/** How many replicas must hold a write, and how long to wait for them. */
export interface ReplicaAck {
  replicas: number;
  timeoutMs: number;
}

export const MASTER_ONLY: ReplicaAck = { replicas: 0, timeoutMs: 0 };

/**
 * withWait runs `write` (commands of one slot) followed by WAIT in one pipeline: one round trip.
 * Returns the write's replies and whether enough replicas confirmed it (always, with nothing asked).
 */
export async function withWait(redis: Redis, ack: ReplicaAck, write: (pipeline: ChainableCommander) => ChainableCommander): Promise<{ replies: unknown[]; confirmed: number; enough: boolean }> {
  const replies = await pipelineReplies(write(redis.pipeline()).wait(ack.replicas, ack.timeoutMs));
  const confirmed = replies.pop() as number;
  return { replies, confirmed, enough: confirmed >= ack.replicas };
}

/** confirmWrites waits (WAIT) until `ack.replicas` replicas hold the writes made so far on the connection to `key`'s master; false when fewer did in time. */
export async function confirmWrites(redis: Redis, key: string, ack: ReplicaAck): Promise<boolean> {
  if (ack.replicas === 0) return true;
  return (await withWait(redis, ack, (p) => p.exists(key))).enough;
}

/** noReplicasError: what a refused write says (its NOREPLICAS code is a refusal redisTrouble knows: retry later). */
export function noReplicasError(confirmed: number, ack: ReplicaAck): Error {
  return new Error(`NOREPLICAS ${confirmed} of ${ack.replicas} replicas confirmed the write within ${ack.timeoutMs} ms`);
}
