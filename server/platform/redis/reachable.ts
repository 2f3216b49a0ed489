/**
 * unreachableReason checks once, before anything else connects, that a Redis answers a PING; a
 * wrong URL, an unknown host, a refused port or a refused password becomes one sentence naming
 * the URL (password masked) instead of the retrying connections' stack traces. Null: it answers.
 */
import type { Redis } from 'ioredis';
import { redisClient } from './connect.js';
import { maskRedisUrl } from './url.js';

export async function unreachableReason(url: string): Promise<string | null> {
  let redis: Redis;
  try {
    // One attempt, no retries; ioredis's own connect timeout (10 s) bounds a host that never answers.
    redis = redisClient(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectionName: 'surge-check' });
  } catch (err) {
    return unreachable(url, err);
  }
  // The connection's own error (refused, unknown host, wrong password) says more than the
  // "Connection is closed." that connect() rejects with after it.
  let cause: unknown;
  redis.on('error', (err: Error) => {
    cause ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return unreachable(url, cause ?? err);
  } finally {
    redis.disconnect();
  }
}

function unreachable(url: string, err: unknown): string {
  const reason = err instanceof Error ? err.message : String(err);
  return `cannot reach Redis at ${maskedUrl(url)} (${reason}); check REDIS_URL or redis.url in the config`;
}

/** maskedUrl shows a Redis URL (any form) with its password as `***`, so it can be printed and logged. */
export const maskedUrl = maskRedisUrl;
