/**
 * Redis Sentinel: the ioredis options that follow a master by its name through a set of
 * sentinels, from addresses already parsed (REDIS_URL `redis+sentinel://s1:p1,s2:p2/<master>`).
 *
 * ioredis asks the sentinels which node is the master at every (re)connect. After a failover
 * the process's MasterWatch (master-watch.ts) sees the sentinels name another master within a
 * poll and reconnects every connection made here, so it asks again and lands on the new master;
 * later the sentinels also close the demoted master's clients (CLIENT KILL on reconfiguration).
 * ioredis's failover detector (`+switch-master`) is off: with it on, an ingest connection stayed
 * unreconnected after a `kill -9` in about half the runs of server/test/sentinel (every request
 * 503 for minutes). A write that still reaches a demoted master is refused READONLY: that
 * reconnects too (the command itself fails, so ingest answers 503 and the sender retries).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { masterWatch, type MasterWatch } from './master-watch.js';

export interface SentinelAddress {
  host: string;
  port: number;
}

/** A master followed by name through its sentinels. */
export interface SentinelTarget {
  sentinels: SentinelAddress[];
  /** The master's name in the sentinels' configuration (`sentinel monitor <name> …`). */
  name: string;
  /** The data nodes' credentials and database, and TLS to them (`rediss+sentinel://`). */
  username?: string;
  password?: string;
  db?: number;
  tls?: boolean;
}

export function sentinelOptions(target: SentinelTarget): RedisOptions {
  if (target.sentinels.length === 0) throw new Error('a Sentinel target needs at least one sentinel address');
  if (!target.name) throw new Error('a Sentinel target needs the master name');
  const { username, password, db, tls } = target;
  return {
    sentinels: target.sentinels.map(({ host, port }) => ({ host, port })),
    name: target.name,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(db ? { db } : {}),
    // ioredis uses `tls` for the data nodes it finds through the sentinels only with enableTLSForSentinelMode.
    ...(tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    role: 'master',
    // Sentinels unreachable: ask again soon, never give up (a failover takes seconds).
    sentinelRetryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    failoverDetector: false,
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 1 : false),
  };
}

/** sentinelClient makes (connecting unless options say lazyConnect) a client of the target's master that the process's MasterWatch follows. */
export function sentinelClient(target: SentinelTarget, options: RedisOptions): Redis {
  return followed(new Redis({ ...sentinelOptions(target), ...options }), masterWatch(target.sentinels, target.name));
}

/** followed has the watch follow the client and its duplicates: BullMQ's blocking connections are duplicates of the client it is given. */
function followed(redis: Redis, watch: MasterWatch): Redis {
  watch.follow(redis);
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = ((override?: Partial<RedisOptions>) => followed(duplicate(override), watch)) as Redis['duplicate'];
  return redis;
}

// KEYS: a key of the slot asked about. The fenced write reads the same line (fenced.ts).
const REPLICATION_ID = `return string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') or ''`;

/**
 * replicationId names the history of the master a connection serves `key` from (`master_replid`):
 * a replica promoted by a failover starts a new one, so a change means another master now serves.
 * Asked by a script on the key, so a Cluster answers from the master owning its slot (a bare INFO
 * would go to any master).
 */
export async function replicationId(redis: Redis, key: string): Promise<string> {
  return String(await redis.eval(REPLICATION_ID, 1, key));
}

/**
 * servingMaster is the replication id of the master serving `key` to all the given connections (the
 * pipeline's reads and writes); while a failover has moved some of them only, it throws, so
 * no pipeline term starts reading on one master and writing on another (the lease is given up
 * and taken again at the next attempt).
 */
export async function servingMaster(key: string, ...connections: Redis[]): Promise<string> {
  const ids = new Set(await Promise.all(connections.map((c) => replicationId(c, key))));
  if (ids.size !== 1) throw new Error('the pipeline connections are served by different Redis masters (a failover is under way)');
  return [...ids][0]!;
}
