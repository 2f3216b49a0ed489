/**
 * connectRedis opens a connection for one purpose. Request-path connections fail fast
 * (no offline queue), so ingest answers 503 at once instead of hanging while Redis is
 * away; worker and subscriber connections wait and retry forever.
 *
 * redisClient builds the client a URL names (url.ts): one Redis, or an ioredis Cluster. The
 * Cluster client is handed around as a Redis: it takes the same commands (routing each by its
 * keys' slot), and every multi-key command, MULTI and script here keeps its keys in one slot
 * (keys.ts). A Sentinel URL gives a Redis that follows the master by name, watched so that it
 * moves as soon as the sentinels name another (sentinel.ts).
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log/log.js';
import { sentinelClient } from './sentinel.js';
import { describeRedisTarget, parseRedisUrl } from './url.js';

export type ConnectionPurpose = 'request' | 'worker' | 'subscriber';

/** redisClient makes (without connecting unless options say so) the client for a URL of any form; every connection the server makes goes through it. */
export function redisClient(url: string, options: RedisOptions): Redis {
  const target = parseRedisUrl(url);
  if (target.kind === 'single') return new Redis(url, options);
  const { username, password, tls } = target;
  if (target.kind === 'sentinel') {
    return sentinelClient({ sentinels: target.sentinels, name: target.masterName, username, password, db: target.db, tls }, options);
  }
  const { retryStrategy, enableOfflineQueue, lazyConnect, ...redisOptions } = options;
  const auth = { ...(username ? { username } : {}), ...(password ? { password } : {}) };
  const cluster = new Cluster(target.nodes, {
    lazyConnect: lazyConnect ?? false,
    enableOfflineQueue: enableOfflineQueue ?? true,
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) } : {}),
    // A failover moves slots: wait for the replica's promotion rather than failing at once.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    redisOptions: { ...redisOptions, ...auth, ...(tls ? { tls: {} } : {}) },
  });
  return cluster as unknown as Redis;
}

export async function connectRedis(url: string, purpose: ConnectionPurpose, logger: Logger): Promise<Redis> {
  const redis = redisClient(url, {
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

/** RedisTrouble is why Redis cannot serve a request now: what a client and /readyz are told, and when to retry. */
export interface RedisTrouble {
  reason: string;
  retryAfterSec: number;
}

// Refusals a healthy connection gets from a Redis that cannot take the command now (the
// error code starts the message); anything else is the command's own error.
const REFUSALS: [code: string, trouble: RedisTrouble][] = [
  ['OOM', { reason: 'redis out of memory', retryAfterSec: 5 }],
  ['READONLY', { reason: 'redis is a read-only replica', retryAfterSec: 5 }],
  ['LOADING', { reason: 'redis is loading its data', retryAfterSec: 5 }],
  ['MASTERDOWN', { reason: 'redis replica lost its master', retryAfterSec: 5 }],
  // A Cluster with a slot unserved (a master died, its replica not yet promoted) or a slot moving.
  ['CLUSTERDOWN', { reason: 'redis cluster is down (a slot has no master yet)', retryAfterSec: 1 }],
  ['TRYAGAIN', { reason: 'redis cluster is moving a slot', retryAfterSec: 1 }],
  // Thrown by EventStore when WAIT saw fewer replicas than redis.ackReplicas take the write.
  ['NOREPLICAS', { reason: 'too few redis replicas confirmed the write in time', retryAfterSec: 1 }],
];
// 'Command aborted due to connection close': a pipeline cut off mid-way (ioredis does not resend those).
const UNAVAILABLE = /writeable|ECONNREFUSED|ECONNRESET|Connection is closed|aborted due to connection close|EPIPE|ETIMEDOUT|max retries/i;

/**
 * redisTrouble tells a lost or refused connection, or a Redis that refuses commands for now
 * (out of memory, a read-only replica, loading, its master down), from a command error. A
 * transaction refused as a whole (EXECABORT) is judged by the errors that aborted it.
 */
export function redisTrouble(err: unknown): RedisTrouble | undefined {
  const causes = [err, ...((err as { previousErrors?: unknown[] } | null)?.previousErrors ?? [])];
  for (const cause of causes) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const refusal = REFUSALS.find(([code]) => message.startsWith(`${code} `) || message.includes(`: ${code} `));
    if (refusal) return refusal[1];
  }
  const message = err instanceof Error ? err.message : String(err);
  return UNAVAILABLE.test(message) ? { reason: 'redis is unavailable', retryAfterSec: 1 } : undefined;
}

/** isRedisUnavailable: Redis cannot serve the request now (see redisTrouble), so the client should retry. */
export function isRedisUnavailable(err: unknown): boolean {
  return redisTrouble(err) !== undefined;
}

/** describeConnection says what a connected client talks to: one Redis, or a Cluster with its masters now. */
export function describeConnection(redis: Redis, url: string): string {
  const target = parseRedisUrl(url);
  if (target.kind !== 'cluster') return describeRedisTarget(target);
  const masters = (redis as unknown as Cluster).nodes('master').length;
  return `Redis Cluster, ${masters} master${masters === 1 ? '' : 's'} (seeds ${target.nodes.map((n) => `${n.host}:${n.port}`).join(', ')})`;
}
