/**
 * A pipeline whose steps keep failing says so: /v1/status names the owner, since when, how many attempts
 * and the last error, /metrics counts the failures, and the screens' pings say `stalled` once nothing has been
 * committed for the engine status's 10 s (so a wall shows its frozen figures as not updating, not as live);
 * once a step commits again the record goes, a delta reaches the screens and the figures catch up with what
 * arrived meanwhile. The failure is a real one: the read model's figures hash
 * overwritten with a string, so every commit is refused (WRONGTYPE, nothing of it written) until the key is removed.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKeys } from '../platform/redis/keys.js';
import type { MetricsByScope } from '../stages/metrics/types.js';
import { api, REDIS_URL, TOKENS, useServer, waitUntil } from './support/env.js';

type Failure = { owner: string; since: number; attempts: number; error: string };
type Status = { instance: string; pipelineOwner: string | null; pipelineFailures: Failure[]; centres: Record<string, { lastApplied?: string }> };

const app = useServer('pipeline-failure');
const keys = createKeys(app.prefix);
const redis = new Redis(REDIS_URL);
afterAll(() => redis.disconnect());

const status = async () => (await (await api(app.base).get('/v1/status')).json()) as Status;
const failuresCounted = async () => {
  const text = await (await api(app.base).get('/metrics', 'demo-admin-token')).text();
  return Number(/^surge_pipeline_step_failures_total\{reason="error"\} (\d+)$/m.exec(text)?.[1]);
};

/** A control screen on /v2/live: every message it receives, in order. */
async function screen(): Promise<{ ws: WebSocket; messages: { type: string; stalled?: boolean }[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${app.port}/v2/live?token=${TOKENS.display}`);
  const messages: { type: string; stalled?: boolean }[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, messages };
}

describe('a pipeline whose steps fail', () => {
  it('says why in /v1/status, /metrics and to the screens while they fail, and clears it once a step commits', async () => {
    await waitUntil(async () => {
      const s = await status();
      return s.pipelineOwner === s.instance && s.pipelineFailures.length === 0;
    }, 'the pipeline to run');
    expect(await failuresCounted()).toBe(0);
    const control = await screen();

    await redis.set(keys.metrics(), 'not a hash');
    const event = { id: `${app.prefix}-queued`, type: 'contact.queued', ts: Date.now(), centre: 'hangzhou', contactId: 'k1', queue: 'voice', media: 'voice' };
    expect((await (await api(app.base).postEvents(JSON.stringify(event))).json()).accepted).toBe(1);

    const first = await waitUntil(async () => (await status()).pipelineFailures[0], 'the failure to show');
    expect(first).toMatchObject({ owner: (await status()).instance, attempts: expect.any(Number) });
    expect(first.error).toMatch(/^WRONGTYPE \S+:metrics holds a string where a hash belongs/);
    // Retried from the last commit: the attempts grow, the start of the failure stays.
    const later = await waitUntil(async () => {
      const [failure] = (await status()).pipelineFailures;
      return failure && failure.attempts > first.attempts && failure;
    }, 'another failed attempt');
    expect(later.since).toBe(first.since);
    // Renewed by each failure, and gone by itself if its owner dies failing.
    expect(await redis.pttl(keys.pipelineFailure())).toBeGreaterThan(0);
    expect(await failuresCounted()).toBeGreaterThanOrEqual(later.attempts);
    // The engine status outlives the last commit by 10 s, and pings come every 10 s.
    await waitUntil(() => control.messages.some((m) => m.type === 'ping' && m.stalled === true), 'a ping saying the pipeline stalled', 25_000);
    const heard = control.messages.length;

    await redis.del(keys.metrics());
    const [[lastEntry] = []] = await redis.xrevrange(keys.stream('hangzhou'), '+', '-', 'COUNT', 1);
    await waitUntil(async () => {
      const s = await status();
      return s.pipelineFailures.length === 0 && s.centres.hangzhou?.lastApplied === lastEntry;
    }, 'the steps to commit again');
    expect(await redis.exists(keys.pipelineFailure())).toBe(0);
    const figures = (await (await api(app.base).get('/v1/metrics')).json()) as { scopes: MetricsByScope };
    expect(figures.scopes['queue:hangzhou/voice']?.waiting).toBe(1);
    await waitUntil(() => control.messages.slice(heard).some((m) => m.type === 'delta'), 'a delta to the screen');
    // And the next ping no longer says stalled: the pipeline commits again.
    const ping = await waitUntil(() => control.messages.slice(heard).find((m) => m.type === 'ping'), 'the next ping', 15_000);
    expect(ping.stalled).toBeUndefined();
    control.ws.close();
  }, 75_000);
});
