/**
 * Fault: `/v1/live` screens asking for snapshots without end. One socket sending thousands
 * of `resync` gets a few snapshots and then refusals naming the limit, while `/healthz` stays
 * quick; many screens asking at once share snapshots instead of each costing a read of the
 * read model. A private redis-server, so its command counts are the server's alone.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SurgeProcess, writeConfig } from '../../testkit/process.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { TOKENS, uniquePrefix, waitUntil } from '../support/env.js';

const RESYNC = { perSec: 1, burst: 5 };
const FLOOD = 5000;
const HEALTHZ_P99_MS = 500;
const SCREENS = 40;

type Message = { type: string; error?: string };
let redis: RedisProcess;
let admin: Redis;
let server: SurgeProcess;

beforeAll(async () => {
  redis = await RedisProcess.start({ persistent: false });
  admin = new Redis(redis.url);
  const config = writeConfig([[['redis', 'prefix'], uniquePrefix('resync-flood')], [['live', 'resync'], RESYNC]]);
  server = await SurgeProcess.start(config, { REDIS_URL: redis.url });
}, 60_000);
afterAll(async () => {
  await server?.kill('SIGKILL');
  admin?.disconnect();
  await redis?.destroy();
});

async function screen(): Promise<{ ws: WebSocket; messages: Message[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/live?token=${TOKENS.display}`);
  const messages: Message[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
  await waitUntil(() => messages[0]?.type === 'snapshot', 'the first snapshot');
  return { ws, messages };
}

/** How many reads of the figures Redis has served (each snapshot read is one HGETALL). */
const figureReads = async () => Number(/cmdstat_hgetall:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);

describe('/v1/live resync floods', () => {
  it('one socket: a few snapshots, then refusals naming the limit, and /healthz stays quick', async () => {
    const { ws, messages } = await screen();
    await fetch(`${server.base}/healthz`);
    const started = Date.now();
    const latencies: number[] = [];
    let flooding = true;
    const probe = (async () => {
      while (flooding) {
        const t = performance.now();
        await fetch(`${server.base}/healthz`);
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // In bursts, so this process's own sending does not hold up its /healthz probe.
    for (let i = 0; i < FLOOD; i++) {
      ws.send('{"type":"resync"}');
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    await waitUntil(() => messages.filter((m) => m.type === 'error').length + messages.filter((m) => m.type === 'snapshot').length >= FLOOD, 'an answer to every resync', 60_000);
    flooding = false;
    await probe;
    const elapsedSec = (Date.now() - started) / 1000;

    const snapshots = messages.slice(1).filter((m) => m.type === 'snapshot').length;
    expect(snapshots).toBeGreaterThanOrEqual(1);
    expect(snapshots).toBeLessThanOrEqual(RESYNC.burst + Math.ceil(RESYNC.perSec * elapsedSec) + 1);
    expect(messages.find((m) => m.type === 'error')?.error).toMatch(/^resync limit: 1 per second per socket \(bursts of 5\); retry after \d+s$/);
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length * 0.99)]).toBeLessThan(HEALTHZ_P99_MS);
    ws.close();
  }, 90_000);

  it(`${SCREENS} screens connecting and resyncing at once share the snapshots they get`, async () => {
    const before = await figureReads();
    const screens = await Promise.all(Array.from({ length: SCREENS }, () => screen()));
    for (const s of screens) s.ws.send('{"type":"resync"}');
    await waitUntil(() => screens.every((s) => s.messages.filter((m) => m.type === 'snapshot').length === 2), 'a second snapshot on every screen');
    // 80 snapshots sent; without sharing that is 80 reads.
    expect((await figureReads()) - before).toBeLessThanOrEqual(10);
    for (const s of screens) s.ws.close();
  }, 60_000);
});
