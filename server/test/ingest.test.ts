import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKeys } from '../platform/redis/keys.js';
import { api, REDIS_URL, TOKENS, useServer } from './support/env.js';
import { streamLines } from '../testkit/stream-lines.js';

const app = useServer('ingest');
const prefix = app.prefix;
const keys = createKeys(prefix);
const redis = new Redis(REDIS_URL);
afterAll(() => redis.disconnect());

const now = () => Date.now();
let n = 0;
const queued = (over: object = {}) => ({ id: `ing-${++n}-${prefix}`, type: 'contact.queued', ts: now() - 1000, centre: 'wuhan', contactId: `k${n}`, queue: 'voice', media: 'voice', ...over });

describe('POST /v1/events', () => {
  it('accepts the valid events of a batch, rejects the others with reasons, and counts duplicates', async () => {
    const good = [queued(), queued({ vendorField: { kept: true } })];
    const bad = [queued({ media: 'fax' }), { id: 'x', type: 'contact.queued' }, queued({ centre: 'atlantis' }), queued({ ts: now() + 3_600_000 })];
    const lines = [...good, ...bad, good[0]].map((e) => JSON.stringify(e)).join('\n');
    const res = await api(app.base).postEvents(lines);
    expect(res.status).toBe(202);
    const report = await res.json();
    expect(report.accepted).toBe(2);
    expect(report.duplicates).toBe(1);
    expect(report.rejected).toEqual([
      { index: 2, id: bad[0]!.id, error: 'media must be one of voice, chat, email, sms, video, social' },
      { index: 3, id: 'x', error: 'ts must be epoch milliseconds or an ISO-8601 time with a zone' },
      { index: 4, id: (bad[2] as { id: string }).id, error: 'unknown centre "atlantis"' },
      { index: 5, id: (bad[3] as { id: string }).id, error: 'ts is more than 300s in the future (check the source clock)' },
    ]);
    // Accepted means in the stream, raw line and unknown fields intact.
    const written = (await streamLines(redis, keys.stream('wuhan'))).map(({ line }) => JSON.parse(line));
    expect(written.map((e) => e.id)).toEqual(expect.arrayContaining(good.map((e) => e.id)));
    expect(written.find((e) => e.id === good[1]!.id).vendorField).toEqual({ kept: true });

    const again = await (await api(app.base).postEvents(JSON.stringify(good), { type: 'application/json' })).json();
    expect(again).toEqual({ accepted: 0, duplicates: 2, rejected: [], rejectedCount: 0 });
  });

  it('takes a JSON array and a single JSON object', async () => {
    const arr = await api(app.base).postEvents(JSON.stringify([queued(), queued()]), { type: 'application/json' });
    expect(await arr.json()).toMatchObject({ accepted: 2, duplicates: 0 });
    const one = await api(app.base).postEvents(JSON.stringify(queued()), { type: 'application/json' });
    expect(await one.json()).toMatchObject({ accepted: 1 });
  });

  it('names the NDJSON line that is not JSON', async () => {
    const res = await api(app.base).postEvents(`${JSON.stringify(queued())}\n{oops\n`);
    const report = await res.json();
    expect(res.status).toBe(202);
    expect(report.rejected[0]).toMatchObject({ index: 1 });
    expect(report.rejected[0].error).toMatch(/^line 2 is not valid JSON/);
  });

  it('answers 400 when nothing in the batch is usable, and for an unreadable body', async () => {
    const none = await api(app.base).postEvents(JSON.stringify({ id: 'q', type: 'nope' }), { type: 'application/json' });
    expect(none.status).toBe(400);
    expect((await none.json()).rejected[0].error).toMatch(/^type must be one of/);
    const broken = await api(app.base).postEvents('[{"id": ', { type: 'application/json' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatch(/not valid JSON/);
    const utf8 = await fetch(`${app.base}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.ingest}` }, body: Buffer.from([0x5b, 0xff, 0xfe, 0x5d]) });
    expect(utf8.status).toBe(400);
    expect((await utf8.json()).error).toBe('body is not valid UTF-8');
  });

  it('checks the token and its role', async () => {
    const none = await api(app.base).postEvents('[]', { token: '' });
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatch(/bearer token/);
    const wrong = await api(app.base).postEvents('[]', { token: 'not-a-real-token' });
    expect(wrong.status).toBe(401);
    const display = await api(app.base).postEvents('[]', { token: TOKENS.display });
    expect(display.status).toBe(403);
    expect((await display.json()).error).toBe('role "display" may not do this; needs one of ingest');
  });

  it('refuses bodies over 1 MiB with 413 and other content types with 415', async () => {
    const big = await api(app.base).postEvents('x'.repeat(1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatch(/over the 1048576-byte limit/);
    const xml = await api(app.base).postEvents('<events/>', { type: 'application/xml' });
    expect(xml.status).toBe(415);
  });

  it('answers unknown routes with 404 and a reason', async () => {
    const res = await fetch(`${app.base}/v1/nothing`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('no route for GET /v1/nothing');
  });
});

describe('WebSocket ingest /v1/events/ws', () => {
  const open = (token: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${app.port}/v1/events/ws?token=${token}`);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });

  it('acknowledges every message in order, with the sender’s ref', async () => {
    const ws = await open(TOKENS.ingest);
    const acks: Record<string, unknown>[] = [];
    ws.on('message', (data) => acks.push(JSON.parse(String(data))));
    const e = queued();
    ws.send(JSON.stringify({ ref: 'batch-a', events: [e, queued({ media: 'pigeon' })] }));
    ws.send(JSON.stringify(e));
    ws.send('{not json');
    await new Promise((r) => setTimeout(r, 10));
    while (acks.length < 3) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    expect(acks[0]).toMatchObject({ type: 'ack', ref: 'batch-a', accepted: 1, duplicates: 0 });
    expect((acks[0]!.rejected as unknown[]).length).toBe(1);
    expect(acks[1]).toMatchObject({ type: 'ack', ref: 2, accepted: 0, duplicates: 1 });
    expect(acks[2]).toMatchObject({ type: 'nack', ref: 3, status: 400 });
  });

  it('refuses a connection without the ingest role', async () => {
    await expect(open(TOKENS.display)).rejects.toThrow('HTTP 403');
    await expect(open('nope')).rejects.toThrow('HTTP 401');
  });
});
