/**
 * readiness answers `/readyz`: 200 while this instance takes requests and Redis takes writes,
 * else 503 saying why (`{ready: false, reason: 'redis out of memory'}`), so a load balancer
 * drains the instance and a person reads the cause. The probe reads and writes, since a Redis
 * out of memory, a read-only replica or one whose master is down still answers PING. With
 * `redis.ackReplicas` on, a master with too few replicas in sync is not ready either: every
 * ingest would end 503 (replica-readiness.ts says how many there are).
 *
 * A loss of Redis state is reported in the body, not by the status: every instance sees the
 * same loss, and draining them all would help no one.
 */
import { redisTrouble } from '../redis/connect.js';
import type { StateLoss } from '../redis/epoch.js';
import type { Reply } from './request.js';

export async function readiness(probe: () => Promise<unknown>, replicasShort: () => Promise<string | null>, ready: boolean, stateLost: StateLoss | undefined): Promise<Reply> {
  if (!ready) return { status: 503, body: { ready: false, status: 'shutting down', reason: 'shutting down' } };
  try {
    await probe();
    const short = await replicasShort();
    if (short) return notReady(short, 1);
    return { body: { ready: true, status: 'ready', redis: 'ok', ...(stateLost ? { redisStateLost: stateLost } : {}) } };
  } catch (err) {
    const trouble = redisTrouble(err);
    return notReady(trouble?.reason ?? `redis: ${(err as Error).message}`, trouble?.retryAfterSec ?? 1);
  }
}

const notReady = (reason: string, retryAfterSec: number): Reply => ({
  status: 503,
  body: { ready: false, status: 'not ready', reason, redis: reason },
  headers: { 'Retry-After': String(retryAfterSec) },
});
