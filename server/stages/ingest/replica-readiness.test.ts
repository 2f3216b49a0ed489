/**
 * `/readyz` with `redis.ackReplicas` 2, against a private master and two replicas started and
 * stopped here: not ready (saying how many replicas are in sync) while fewer than two are, also
 * while one is connected but still in its first sync; ready once both are; not ready again when one
 * is killed. Ingest agrees each time (503 while not ready, 202 when ready).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../main.js';
import { api, demoConfig, quietLogger, uniquePrefix, waitUntil } from '../../test/support/env.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { mastersReplication, replicaReadiness } from './replica-readiness.js';

let master: RedisProcess;
const replicas: RedisProcess[] = [];
let redis: Redis;
let server: RunningServer;
let base: string;
const prefix = uniquePrefix('replica-readiness');

beforeAll(async () => {
  master = await RedisProcess.start({ persistent: false, args: ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0'] });
  redis = new Redis(master.url);
  server = await startServer(
    demoConfig(prefix, (c) => {
      c.redis.url = master.url;
      c.redis.ackReplicas = 2;
      // Long enough for both replicas to confirm on a busy machine; the refusals wait it out.
      c.redis.ackTimeoutMs = 3000;
    }),
    quietLogger(),
    { port: 0 },
  );
  base = `http://127.0.0.1:${server.port}`;
}, 60_000);
afterAll(async () => {
  await server?.stop();
  redis?.disconnect();
  await Promise.allSettled([...replicas.map((r) => r.destroy()), master?.destroy()]);
});

const readyz = async () => {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { ready: boolean; reason?: string } };
};
const notReady = (inSync: number) => ({ status: 503, retryAfter: '1', body: expect.objectContaining({ ready: false, reason: `${inSync} of 2 replicas connected and in sync; redis.ackReplicas is 2` }) });

let n = 0;
const post = async () => (await api(base).postEvents(JSON.stringify({ id: `${prefix}-${n++}`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: `c${n}`, queue: 'voice', media: 'voice' }))).status;

async function startReplica(): Promise<RedisProcess> {
  const replica = await RedisProcess.start({ persistent: false, args: ['--replicaof', '127.0.0.1', String(master.port)] });
  replicas.push(replica);
  return replica;
}

/** replicaStates: what INFO replication says of each replica (`online`, `wait_bgsave`, …). */
async function replicaStates(): Promise<string[]> {
  return [...(await redis.info('replication')).matchAll(/^slave\d+:.*\bstate=(\w+)/gm)].map((m) => m[1]!);
}

describe('/readyz with redis.ackReplicas 2', () => {
  it('is not ready, saying how many replicas are in sync, until two are; and again once one is killed', async () => {
    expect(await readyz()).toEqual(notReady(0));
    expect(await post()).toBe(503);

    await startReplica();
    await waitUntil(async () => (await replicaStates()).join() === 'online', 'the first replica online');
    await waitUntil(async () => (await readyz()).body.reason?.startsWith('1 of 2'), '/readyz to count the first replica');
    expect(await readyz()).toEqual(notReady(1));

    // The second replica connects, but its first sync is held back for 5 s: listed, not yet counted (WAIT would not count it).
    await redis.config('SET', 'repl-diskless-sync-delay', '5');
    const second = await startReplica();
    await waitUntil(async () => (await replicaStates()).length === 2, 'the second replica connected');
    expect(await replicaStates()).toContain('wait_bgsave');
    expect(await readyz()).toEqual(notReady(1));

    await waitUntil(async () => (await readyz()).status === 200, '/readyz to be ready with both replicas in sync', 30_000);
    expect((await readyz()).body).toMatchObject({ ready: true });
    expect(await post()).toBe(202);

    await second.kill();
    await waitUntil(async () => (await readyz()).status === 503, '/readyz not ready after a replica is killed');
    expect(await readyz()).toEqual(notReady(1));
    expect(await post()).toBe(503);
  }, 90_000);

  it('asks Redis at most once per second however often it is probed', async () => {
    let asked = 0;
    let now = 0;
    const short = replicaReadiness(() => (asked++, mastersReplication(redis)), 3, () => now);
    const reasons = new Set(await Promise.all(Array.from({ length: 20 }, () => short())));
    expect(reasons.size).toBe(1);
    expect([...reasons][0]).toMatch(/^[0-2] of 3 replicas connected and in sync; redis.ackReplicas is 3$/);
    now = 999;
    await short();
    expect(asked).toBe(1);
    now = 1000;
    await short();
    expect(asked).toBe(2);
    // ackReplicas 0 asks nothing.
    expect(await replicaReadiness(() => Promise.reject(new Error('never asked')), 0, () => now)()).toBeNull();
  });
});
