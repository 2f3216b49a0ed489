/**
 * Rate limits through the real server: a token sending faster than `limits.ingest` gets
 * 429 with Retry-After (HTTP) or a 429 nack (WebSocket), recovers once it slows down, and
 * never holds up another token. A login route is limited per client address.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rateLimits } from '../platform/http/rate-limit.js';
import { api, TOKENS, useServer } from './support/env.js';
import { serveRoutes } from '../testkit/route-server.js';

const OTHER_BRIDGE = 'second-bridge-token';
const live = useServer('rate-limit', (c) => {
  c.limits.ingest = { perSec: 20, burst: 40 };
  c.auth.tokens.push({ name: 'second-bridge', role: 'ingest', sha256: createHash('sha256').update(OTHER_BRIDGE).digest('hex') });
});
const { prefix, config } = live;

let n = 0;
const event = () => JSON.stringify({ id: `rl-${++n}-${prefix}`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: `rl${n}`, queue: 'voice', media: 'voice' });
const post = (token: string) => api(live.base).postEvents(event(), { token });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingest rate limit per token', () => {
  it('answers a burst over the limit with 429 and Retry-After, leaves other tokens alone, then recovers', async () => {
    const burst = await Promise.all(Array.from({ length: 80 }, () => post(TOKENS.ingest)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(40);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    expect((await refused[0]!.json()).error).toMatch(/^rate limit: token "demo-cti-bridge" may make 20 requests\/s \(bursts of 40\); retry after 1s$/);

    // Another bridge's token has its own bucket.
    const other = await Promise.all(Array.from({ length: 10 }, () => post(OTHER_BRIDGE)));
    expect(other.map((r) => r.status)).toEqual(Array(10).fill(202));

    await sleep(1100);
    const again = await Promise.all(Array.from({ length: 10 }, () => post(TOKENS.ingest)));
    expect(again.map((r) => r.status)).toEqual(Array(10).fill(202));
  });

  it('counts WebSocket messages against the same bucket and nacks the excess with 429', async () => {
    await sleep(2100); // a full bucket again
    const ws = new WebSocket(`ws://127.0.0.1:${live.port}/v1/events/ws?token=${TOKENS.ingest}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const replies: { type: string; ref: unknown; status?: number; retryAfterSec?: number; error?: string }[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(String(data))));
    for (let i = 1; i <= 60; i++) ws.send(JSON.stringify({ ref: `m${i}`, events: [JSON.parse(event())] }));
    while (replies.length < 60) await sleep(20);
    ws.close();

    expect(replies.map((r) => r.ref)).toEqual(Array.from({ length: 60 }, (_, i) => `m${i + 1}`));
    expect(replies.filter((r) => r.type === 'ack').length).toBeGreaterThanOrEqual(40);
    const nack = replies.find((r) => r.type === 'nack');
    expect(nack).toMatchObject({ status: 429, retryAfterSec: 1, error: expect.stringMatching(/^rate limit: token "demo-cti-bridge"/) });
    // The HTTP side of the same token is spent too (but for what refilled meanwhile).
    const http = await Promise.all(Array.from({ length: 20 }, () => post(TOKENS.ingest)));
    expect(http.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(5);
  });
});

describe('login rate limit per client address', () => {
  it('refuses attempts beyond the burst from one address', async () => {
    const routes = await serveRoutes(config, [['post', '/login', { rateLimit: 'login', maxBody: 1024 }, () => ({ status: 401, body: { error: 'wrong password' } })]], rateLimits({ ingest: config.limits.ingest, login: { perSec: 1, burst: 3 } }));
    try {
      const attempts = [];
      for (let i = 0; i < 5; i++) attempts.push(await fetch(`${routes.base}/login`, { method: 'POST', body: '{}' }));
      expect(attempts.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
      expect(attempts[3]!.headers.get('retry-after')).toBe('1');
      expect((await attempts[3]!.json()).error).toMatch(/^rate limit: address 127\.0\.0\.1 may make 1 requests\/s/);
    } finally {
      routes.close();
    }
  });
});
