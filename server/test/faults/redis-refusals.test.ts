/**
 * Fault: Redis answers but refuses — full at `maxmemory` with `noeviction`, a read-only
 * replica, a replica whose master is down. Requests get 503 with `Retry-After` and the
 * reason (never a 500, never a stack trace in the log), a streaming bridge a 503 nack, and
 * `/readyz` says why; once Redis takes writes again, so does the server. A private
 * redis-server (and a second one as its master), so the shared one is never disturbed.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SurgeProcess, writeConfig } from '../../testkit/process.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { api, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';

const prefix = uniquePrefix('redis-refusals');
let redis: RedisProcess;
let master: RedisProcess | undefined;
let admin: Redis;
let surge: SurgeProcess;

beforeAll(async () => {
  redis = await RedisProcess.start({ persistent: false, args: ['--maxmemory', '16mb', '--maxmemory-policy', 'noeviction'] });
  admin = new Redis(redis.url);
  surge = await SurgeProcess.start(writeConfig([[['redis', 'prefix'], prefix]]), { REDIS_URL: redis.url });
}, 60_000);
afterAll(async () => {
  await surge?.kill('SIGKILL');
  admin?.disconnect();
  await redis?.destroy();
  await master?.destroy();
});

let n = 0;
const events = () => JSON.stringify({ id: `${prefix}-${n++}`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: `c${n}`, queue: 'voice', media: 'voice' });

const readyz = async () => {
  const res = await fetch(`${surge.base}/readyz`);
  return { status: res.status, body: (await res.json()) as { ready: boolean; reason?: string } };
};

/** One message over `/v1/events/ws`, and its answer. */
async function streamOne(): Promise<{ type: string; status?: number; reason?: string; retryAfterSec?: number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${surge.port}/v1/events/ws?token=${TOKENS.ingest}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answer = new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
  ws.send(events());
  const reply = JSON.parse(await answer) as { type: string; status?: number; reason?: string };
  ws.close();
  return reply;
}

/** expectRefused checks every surface while Redis refuses for `reason`. */
async function expectRefused(reason: string): Promise<void> {
  await waitUntil(async () => (await readyz()).body.reason === reason, `/readyz to say "${reason}"`);
  expect(await readyz()).toEqual({ status: 503, body: expect.objectContaining({ ready: false, reason }) });
  const res = await api(surge.base).postEvents(events());
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  const body = (await res.json()) as { error: string; reason: string };
  expect(body.reason).toBe(reason);
  expect(body.error).toContain(reason);
  expect(await streamOne()).toMatchObject({ type: 'nack', status: 503, reason, retryAfterSec: expect.any(Number) });
  // Reads refused too (a replica without its master refuses them): the same 503, not a 500.
  const read = await api(surge.base).get('/v1/metrics');
  expect([200, 503]).toContain(read.status);
}

async function expectServing(): Promise<void> {
  await waitUntil(async () => (await readyz()).status === 200, '/readyz to be 200 again', 30_000);
  expect((await api(surge.base).postEvents(events())).status).toBe(202);
  expect(await streamOne()).toMatchObject({ type: 'ack', accepted: 1 });
}

describe('a Redis that answers but refuses', () => {
  it('out of memory: 503 with Retry-After and the reason; /readyz says so; back when memory is freed', async () => {
    await expectServing();
    // Fill Redis to its maxmemory with keys of our own, as other data would; then lower the
    // limit under what is used, so it stays full while keys expire and buffers come and go.
    let i = 0;
    while (await admin.set(`filler:${i++}`, 'x'.repeat(256 * 1024)).then(() => true, (err: Error) => !/^OOM /.test(err.message)));
    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
    await admin.config('SET', 'maxmemory', String(used - 2 * 1024 * 1024));
    await expectRefused('redis out of memory');
    await admin.eval("for _, k in ipairs(redis.call('KEYS', 'filler:*')) do redis.call('DEL', k) end", 0);
    await admin.config('SET', 'maxmemory', '16mb');
    await expectServing();
  }, 60_000);

  it('a read-only replica, then one whose master is down: each says so, and serving resumes', async () => {
    master = await RedisProcess.start({ persistent: false });
    await admin.config('SET', 'replica-serve-stale-data', 'no');
    await admin.replicaof('127.0.0.1', master.port);
    await waitUntil(async () => (await admin.info('replication')).includes('master_link_status:up'), 'the replica to be in sync');
    await expectRefused('redis is a read-only replica');
    await master.kill();
    await expectRefused('redis replica lost its master');
    await admin.replicaof('NO', 'ONE');
    await expectServing();
  }, 60_000);

  it('never logged a stack trace or answered 500 meanwhile', () => {
    const log = surge.output.join('');
    expect(log).not.toMatch(/\n\s+at /);
    expect(log).not.toContain('"msg":"request failed"');
  });
});
