/**
 * Faults at the HTTP and WebSocket edges (issue 12, rows 7, 9, 10 and 15), against a live
 * server and real Redis:
 *
 *   7   a batch of 10,000 bad lines is answered with the first ingest.maxRejectionsListed
 *       reasons and a count, in a few KB (it was 1 MB, every reason listed)
 *   9   names from a request are looked up as own properties only: `/v1/metrics/__proto__`
 *       is an unknown scope, and a vendor event type `constructor` is counted, not Object's
 *   10  the event socket answers what HTTP answers: a frame that is not UTF-8, or a batch
 *       with no valid event, is a 400 nack with the reasons, never an ack
 *   15  the screens may connect to this origin only (CSP connect-src 'self', no ws: wss: to any host)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../main.js';
import { api, demoConfig, quietLogger, removeKeys, TOKENS, uniquePrefix } from '../support/env.js';

const prefix = uniquePrefix('edges');
const config = demoConfig(prefix);
let server: RunningServer;
let base = '';

beforeAll(async () => {
  // A stand-in for the built screens: the headers of the page are what matter here.
  const screensDir = mkdtempSync(join(tmpdir(), 'surge-screens-'));
  writeFileSync(join(screensDir, 'index.html'), '<!doctype html><title>wall</title>');
  server = await startServer(config, quietLogger(), { port: 0, screensDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.stop();
  await removeKeys(prefix);
});

const LISTED = config.ingest.maxRejectionsListed;
const event = (id: string, centre = 'wuhan') => JSON.stringify({ id: `${prefix}-${id}`, type: 'contact.queued', ts: Date.now(), centre, contactId: id, queue: 'voice', media: 'voice' });
const badLines = (n: number) => Array.from({ length: n }, (_, i) => `{"id":"b${i}","type":"nope"}`).join('\n');

describe('row 7: a rejected batch', () => {
  it('is answered with the first reasons and a count, not every reason', async () => {
    const res = await api(base).postEvents(badLines(10_000));
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text.length).toBeLessThan(8 * 1024);
    const reply = JSON.parse(text) as { error: string; accepted: number; rejected: { index: number; error: string }[]; rejectedCount: number };
    expect(reply).toMatchObject({ error: 'no valid event in the batch', accepted: 0, rejectedCount: 10_000 });
    expect(reply.rejected.map((r) => r.index)).toEqual(Array.from({ length: LISTED }, (_, i) => i));
    expect(reply.rejected.every((r) => /^type must be one of/.test(r.error))).toBe(true);
  });

  it('with one good event among them is accepted, and the reply stays as small', async () => {
    const res = await api(base).postEvents(`${event('good')}\n${badLines(9_999)}`);
    const text = await res.text();
    expect(res.status).toBe(202);
    expect(text.length).toBeLessThan(8 * 1024);
    expect(JSON.parse(text)).toMatchObject({ accepted: 1, duplicates: 0, rejectedCount: 9_999 });
  });
});

describe('row 9: names from a request', () => {
  it('are never looked up on Object.prototype: metrics scopes', async () => {
    for (const scope of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf']) {
      const res = await api(base).get(`/v1/metrics/${scope}`);
      expect(res.status, scope).toBe(404);
      expect(((await res.json()) as { error: string }).error).toMatch(/^unknown scope/);
    }
  });

  it('are never looked up on Object.prototype: vendor event types in an adapter report', async () => {
    const res = await fetch(`${base}/v1/adapters/amazon-connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.ingest}` },
      body: JSON.stringify([{ EventType: '__proto__' }, { EventType: 'constructor' }, { EventType: 'constructor' }, { EventType: 'toString' }]),
    });
    expect(res.status).toBe(202);
    const text = await res.text();
    expect(text).toContain('"ignored":{"__proto__":1,"constructor":2,"toString":1}');
  });
});

/** socket opens the event socket and returns a function that sends one frame and awaits its answer. */
async function socket(): Promise<{ ws: WebSocket; ask: (data: string | Buffer, binary?: boolean) => Promise<Record<string, unknown>>; close: () => void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/events/ws?token=${TOKENS.ingest}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const waiting: ((reply: Record<string, unknown>) => void)[] = [];
  ws.on('message', (data) => waiting.shift()?.(JSON.parse(String(data)) as Record<string, unknown>));
  return {
    ws,
    ask: (data, binary = false) => {
      const reply = new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
      ws.send(data, { binary });
      return reply;
    },
    close: () => ws.close(),
  };
}

describe('row 10: the event socket', () => {
  it('answers a binary frame that is not UTF-8 with a 400 nack, as HTTP answers such a body', async () => {
    const { ws, ask, close } = await socket();
    // A valid event but for one byte: read leniently, the byte becomes U+FFFD and the event is accepted altered.
    const [head, tail] = event('ws-utf8').split('"ws-utf8"', 2) as [string, string];
    const bytes = Buffer.concat([Buffer.from(`${head}"ws-`), Buffer.from([0xff]), Buffer.from(`"${tail}`)]);
    const http = await fetch(`${base}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': 'application/json' }, body: bytes });
    expect(http.status).toBe(400);
    expect(await ask(bytes, true)).toEqual({ type: 'nack', ref: 1, status: 400, error: 'message is not valid UTF-8' });
    // A text frame that is not UTF-8 breaks the WebSocket protocol itself (RFC 6455): uWS drops the connection, unanswered.
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send(bytes, { binary: false });
    expect([1006, 1007]).toContain(await closed);
    close();
  });

  it('answers a batch whose every event is invalid with the 400 HTTP gives, reasons included, never an ack', async () => {
    const { ask, close } = await socket();
    const lines = [event('ws-bad-1', 'atlantis'), '{"id":"x"}', 'not json'].join('\n');
    const http = await api(base).postEvents(lines);
    expect(http.status).toBe(400);
    const httpReply = (await http.json()) as Record<string, unknown>;
    const reply = await ask(lines);
    expect(reply).toEqual({ type: 'nack', ref: 1, status: 400, ...httpReply });
    const envelope = await ask(JSON.stringify({ ref: 'r-2', events: [{ id: 'x' }, 7] }));
    expect(envelope).toMatchObject({ type: 'nack', ref: 'r-2', status: 400, error: 'no valid event in the batch', accepted: 0, rejectedCount: 2 });
    expect((envelope.rejected as unknown[]).length).toBe(2);
    // A batch with one good event is still an ack, its bad ones listed.
    const mixed = await ask([event('ws-good'), event('ws-bad-2', 'atlantis')].join('\n'));
    expect(mixed).toMatchObject({ type: 'ack', ref: 3, accepted: 1, rejectedCount: 1 });
    close();
  });
});

describe('row 15: the screens', () => {
  it('may connect to this origin only', async () => {
    const res = await fetch(`${base}/wall`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const connect = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
    expect(connect).toBe("connect-src 'self'");
  });
});
