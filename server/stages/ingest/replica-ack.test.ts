import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createKeys } from '../../platform/redis/keys.js';
import { redisTrouble } from '../../platform/redis/connect.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { streamLines } from '../../testkit/stream-lines.js';
import { EventStore, type PendingEvent } from './store.js';

// A private master with one replica: the replica is stopped and started again here.
let master: RedisProcess;
let replica: RedisProcess;
let redis: Redis;
let onReplica: Redis;
const keys = createKeys('replica-ack');

beforeAll(async () => {
  master = await RedisProcess.start({ persistent: false });
  replica = await RedisProcess.start({ persistent: false, args: ['--replicaof', '127.0.0.1', String(master.port), '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0'] });
  redis = new Redis(master.url);
  onReplica = new Redis(replica.url);
  onReplica.on('error', () => undefined);
  await replicaOnline();
});
afterAll(async () => {
  redis?.disconnect();
  onReplica?.disconnect();
  await Promise.allSettled([replica?.destroy(), master?.destroy()]);
});

async function replicaOnline(): Promise<void> {
  // Connected is not enough: WAIT counts a replica only once its first sync is done (state=online).
  const until = Date.now() + 25_000;
  let info = '';
  while (Date.now() < until) {
    info = await redis.info('replication');
    if (/^slave0:.*state=online/m.test(info)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the replica did not come online within 25 s: ${info}`);
}

const events = (tag: string, count: number): PendingEvent[] =>
  Array.from({ length: count }, (_, i) => ({ centre: 'wuhan', id: `${tag}-${i}`, raw: JSON.stringify({ id: `${tag}-${i}` }) }));

describe('WAIT-based acknowledgement (redis.ackReplicas)', () => {
  it('answers once the replica holds the batch: what was acknowledged can be read on the replica at once', async () => {
    const store = new EventStore(redis, keys, 3600, { replicas: 1, timeoutMs: 5000 });
    const ids = await store.append(events('held', 20));
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    // No polling: WAIT returned only after the replica had applied the writes.
    expect(await streamLines(onReplica, keys.stream('wuhan'))).toHaveLength(20);
  });

  it('refuses with NOREPLICAS (a retryable 503) when too few replicas confirm in time, and the retry after they return is harmless', async () => {
    const store = new EventStore(redis, keys, 3600, { replicas: 1, timeoutMs: 200 });
    await replica.kill();
    const refused = await store.append(events('unconfirmed', 5)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(String(refused)).toMatch(/NOREPLICAS 0 of 1 replicas confirmed the write within 200 ms/);
    expect(redisTrouble(refused)).toEqual({ reason: 'too few redis replicas confirmed the write in time', retryAfterSec: 1 });
    // The master alone does not acknowledge; the stream may hold them, unconfirmed.

    await replica.restart();
    await replicaOnline();
    // Retried: every id is a duplicate now (the master kept them), and this time the replica confirms.
    expect(await store.append(events('unconfirmed', 5))).toEqual([null, null, null, null, null]);
    expect(await streamLines(onReplica, keys.stream('wuhan'))).toHaveLength(25);
  });

  it('with ackReplicas 0 answers after the master alone, even with no replica', async () => {
    await replica.kill();
    const store = new EventStore(redis, keys, 3600);
    expect((await store.append(events('master-only', 3))).every((id) => typeof id === 'string')).toBe(true);
  });
});
