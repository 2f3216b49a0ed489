import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../main.js';
import { api, demoConfig, quietLogger, waitUntil } from './support/env.js';
import { RedisProcess } from '../testkit/redis-process.js';

let redis: RedisProcess;
let server: RunningServer;
let base: string;

beforeAll(async () => {
  redis = await RedisProcess.start();
  server = await startServer(demoConfig('outage', (c) => (c.redis.url = redis.url)), quietLogger(), { port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.stop();
  await redis.destroy();
});

const batch = (tag: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify({ id: `${tag}-${i}`, type: 'contact.queued', ts: Date.now() - 1000, centre: 'shanghai', contactId: `${tag}-${i}`, queue: 'chat', media: 'chat' }),
  ).join('\n');

const status = async () => (await (await api(base).get('/v1/status')).json()) as { centres: Record<string, { streamLength: number; applied: number }> };

describe('Redis stopped during ingest', () => {
  it('answers 503 and accepts nothing, then recovers without losing what was accepted', async () => {
    const before = await api(base).postEvents(batch('before', 50));
    expect(await before.json()).toMatchObject({ accepted: 50 });

    await redis.kill();
    const during = await api(base).postEvents(batch('during', 50));
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('1');
    expect((await during.json()).error).toMatch(/nothing was accepted/);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    // /metrics still answers, with the process metrics and without the figures it cannot read.
    const metrics = await api(base).get('/metrics', 'demo-admin-token');
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^surge_ingest_events_total\{outcome="accepted"\} 50$/m);
    expect(text).not.toMatch(/^surge_cc_waiting_contacts\{/m);

    await redis.restart();
    await waitUntil(async () => (await fetch(`${base}/readyz`)).status === 200, 'readiness after Redis restart');
    // The refused batch was not half-written: every event is new now. The earlier one survived.
    expect(await (await api(base).postEvents(batch('during', 50))).json()).toMatchObject({ accepted: 50, duplicates: 0 });
    expect(await (await api(base).postEvents(batch('before', 50))).json()).toMatchObject({ accepted: 0, duplicates: 50 });
    const s = await waitUntil(async () => {
      const st = await status();
      return st.centres.shanghai!.applied === 100 ? st : undefined;
    }, 'the engine to catch up after the restart');
    // One entry for each POST that was accepted (an entry holds a call's events): the duplicate POST wrote none.
    expect(s.centres.shanghai!.streamLength).toBe(2);
  });
});
