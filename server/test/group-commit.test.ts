/**
 * Group commit end to end: many single-event POSTs and WebSocket messages at once, some of
 * them duplicates or invalid. However they were grouped into Redis calls, each request is
 * answered with its own events' results, and the streams hold every accepted event once.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKeys } from '../platform/redis/keys.js';
import { api, REDIS_URL, TOKENS, useServer } from './support/env.js';
import { streamEventIds } from '../testkit/stream-lines.js';

const app = useServer('group-commit');
const keys = createKeys(app.prefix);
const redis = new Redis(REDIS_URL);
afterAll(() => redis.disconnect());

let n = 0;
const queued = (over: object = {}) => ({ id: `gc-${++n}-${app.prefix}`, type: 'contact.queued', ts: Date.now() - 1000, centre: n % 2 ? 'wuhan' : 'shanghai', contactId: `k${n}`, queue: 'voice', media: 'voice', ...over });

type Outcome = 'accepted' | 'duplicate' | 'rejected';
type Report = { accepted: number; duplicates: number; rejectedCount: number };
const outcomeOf = (r: Report): Outcome => (r.accepted === 1 ? 'accepted' : r.duplicates === 1 ? 'duplicate' : 'rejected');

function bridge(): Promise<{ send(event: object): Promise<Report>; close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/v1/events/ws?token=${TOKENS.ingest}`);
    const waiting = new Map<string, (reply: Report) => void>();
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as Report & { ref: string };
      waiting.get(reply.ref)?.(reply);
    });
    ws.once('open', () =>
      resolve({
        send: (event) => new Promise((done) => {
          const ref = `r${++n}`;
          waiting.set(ref, done);
          ws.send(JSON.stringify({ ref, events: [event] }));
        }),
        close: () => ws.close(),
      }),
    );
    ws.once('error', reject);
  });
}

describe('single-event requests at once (HTTP and WebSocket)', () => {
  it('answers each with its own result', async () => {
    const known = Array.from({ length: 5 }, () => queued());
    expect((await api(app.base).postEvents(known.map((e) => JSON.stringify(e)).join('\n'))).status).toBe(202);
    // Each request: one event, and what it must be told.
    const plan: { event: object; expect: Outcome }[] = [];
    for (let i = 0; i < 60; i++) {
      if (i % 10 === 3) plan.push({ event: known[i % 5]!, expect: 'duplicate' });
      else if (i % 10 === 7) plan.push({ event: queued({ media: 'fax' }), expect: 'rejected' });
      else plan.push({ event: queued(), expect: 'accepted' });
    }
    const bridges = await Promise.all([bridge(), bridge(), bridge()]);
    const outcomes = await Promise.all(
      plan.map(async ({ event }, i) => {
        if (i % 2 === 0) {
          const res = await api(app.base).postEvents(JSON.stringify(event), { type: 'application/json' });
          return outcomeOf(await res.json());
        }
        return outcomeOf(await bridges[i % 3]!.send(event));
      }),
    );
    for (const b of bridges) b.close();
    expect(outcomes).toEqual(plan.map((p) => p.expect));

    const stored = (await Promise.all(['wuhan', 'shanghai'].map((c) => streamEventIds(redis, keys.stream(c))))).flat();
    const accepted = plan.filter((p) => p.expect === 'accepted').map((p) => (p.event as { id: string }).id);
    expect(stored.filter((id) => accepted.includes(id)).sort()).toEqual([...accepted].sort());
    expect(new Set(stored).size).toBe(stored.length);
  });
});
