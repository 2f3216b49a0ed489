/**
 * connectRedis opens a connection for one purpose. Request-path connections fail fast
 * (no offline queue), so ingest answers 503 at once instead of hanging while Redis is
 * away; worker and subscriber connections wait and retry forever.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log/log.js';

export type ConnectionPurpose = 'request' | 'worker' | 'subscriber';

export async function connectRedis(url: string, purpose: ConnectionPurpose, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: purpose !== 'request',
    maxRetriesPerRequest: purpose === 'request' ? 0 : null,
    connectionName: `surge-${purpose}`,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  });
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    // Errors repeat on every retry while Redis is away; one line every 5 s is enough.
    if (Date.now() - lastLogged > 5000) {
      lastLogged = Date.now();
      logger.warn({ purpose, err: err.message }, 'redis connection error');
    }
  });
  await redis.connect();
  return redis;
}

/** isRedisUnavailable tells a lost or refused connection from a command error. */
export function isRedisUnavailable(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /writeable|ECONNREFUSED|ECONNRESET|Connection is closed|EPIPE|ETIMEDOUT|max retries|LOADING/i.test(message);
}
