/**
 * Bad input, property-based: hostile ingest bodies (malformed JSON, wrong types, huge
 * numbers and strings, deep nesting, `__proto__` keys, invalid UTF-8, far-off timestamps,
 * unknown centres and queues, repeated ids), and mangled URLs. Floods are flood.test.ts.
 *
 *   pure layers   decodeBatch → validateEvent → Ingest → a real EventStore   FAST_CHECK_RUNS (10,000)
 *   HTTP          POST /v1/events on a live server                          a fifth of that
 *   WebSocket     /v1/events/ws on the same server, one message per input   FAST_CHECK_RUNS
 *   URLs          GET of mangled paths on every kind of route               a fifth
 *
 * The server answers 2xx or 4xx with a JSON `error`, never 5xx; every item of a batch is
 * accounted for once; afterwards it is up, counts a known-good event exactly once, and nothing
 * reached Object.prototype. Hostile input leaves nothing behind: the live heap after a full
 * collection grows by less than LIVE_BOUND (the events the fuzzing got accepted are in the
 * engine's state, which is most of that).
 */
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BodyError } from '../../stages/ingest/decode.js';
import { Ingest, type IngestReport } from '../../stages/ingest/accept.js';
import { EventStore } from '../../stages/ingest/store.js';
import { createKeys } from '../../platform/redis/keys.js';
import { api, REDIS_URL, removeKeys, TOKENS, useServer, waitUntil } from '../support/env.js';
import { streamLines } from '../../testkit/stream-lines.js';
import { checkNoPollution, checkReport, fresh } from './batch-check.js';
import { eventBatch, garbageBody, hostileJson, isUtf8, type Batch } from './hostile-events.js';
import { liveHeap, MiB } from './memory.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 10_000);
const HTTP_RUNS = Math.max(1, Math.round(RUNS / 5));
const LIVE_BOUND = 64 * MiB;
/**
 * Generous: a socket message took about 13 ms on a quiet 2-core machine. The message itself is about
 * 1 ms; the rest is the pipeline step, in the same process, that follows about every other message of
 * this one-at-a-time fuzz, each recomputing, stringifying and committing every scope (up to about 250:
 * the fuzz's agent.state events make skill scopes, 64 a centre at most) and checkpointing engine state
 * that grows over the run (so the later messages cost more). Slow CI gets 3×.
 */
const TIMEOUT_MS = 30_000 + RUNS * 40;
const ID = 'fzid';

const app = useServer('bad-input');
const { prefix, config } = app;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await removeKeys(`${prefix}-pure`);
});

const anyBody = fc.oneof({ weight: 4, arbitrary: eventBatch(config.centres, ID) }, { weight: 1, arbitrary: garbageBody });

/** kept runs `work` and returns by how much the live heap grew. */
async function kept(work: () => Promise<void>): Promise<number> {
  const before = liveHeap();
  await work();
  return liveHeap() - before;
}

describe('ingest: the pure layers with a real EventStore', () => {
  it(`reports on every body, or refuses it as unreadable (${RUNS} runs)`, async () => {
    const keys = createKeys(`${prefix}-pure`);
    const ingest = new Ingest(new EventStore(redis, keys, config.ingest.dedupTtlSec), config);
    let accepted = 0;
    const grew = await kept(() =>
      fc.assert(
        fc.asyncProperty(anyBody, async (generated) => {
          const batch = fresh(generated, ID);
          let report: IngestReport;
          try {
            report = await ingest.acceptBody(batch.text, batch.ndjson);
          } catch (err) {
            // Only a body that is not a batch may be refused as a whole.
            expect(err).toBeInstanceOf(BodyError);
            expect(batch.items).toBeUndefined();
            return;
          }
          checkReport(report, batch);
          accepted += report.accepted;
        }),
        { numRuns: RUNS },
      ),
    );
    // Nothing lost, nothing doubled: the streams hold exactly what was reported accepted.
    const lengths = await Promise.all(config.centres.map(async (c) => (await streamLines(redis, keys.stream(c.id))).length));
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(accepted);
    expect(grew).toBeLessThan(LIVE_BOUND);
    checkNoPollution(prototypeBefore);
  }, TIMEOUT_MS);
});

const NDJSON_TYPES = ['application/x-ndjson', 'APPLICATION/X-NDJSON; charset=utf-8', 'application/jsonl'];
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain'];
const OTHER_TYPES = ['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'nonsense'];
const invalidUtf8 = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x5b, 0xe2, 0x82]).map((b) => Uint8Array.from(b)),
);

/** A request: a body (text, or raw bytes that are often not UTF-8), its content type and token. */
const request = fc.record({
  body: fc.oneof({ weight: 6, arbitrary: anyBody }, { weight: 1, arbitrary: invalidUtf8 }),
  type: fc.oneof({ weight: 6, arbitrary: fc.constant('matching') }, { weight: 1, arbitrary: fc.constantFrom(...NDJSON_TYPES, ...JSON_TYPES, ...OTHER_TYPES, '') }),
  token: fc.oneof({ weight: 12, arbitrary: fc.constant(TOKENS.ingest) }, { weight: 1, arbitrary: fc.constantFrom('', 'wrong-token', TOKENS.display, TOKENS.acd) }),
});

describe('ingest over HTTP on a live server', () => {
  it(`answers 2xx or 4xx with a reason, never 5xx (${HTTP_RUNS} requests)`, async () => {
    const grew = await kept(() =>
      fc.assert(
        fc.asyncProperty(request, async ({ body, type, token }) => {
          const batch = body instanceof Uint8Array ? undefined : fresh(body, ID);
          const contentType = type !== 'matching' ? type : batch?.ndjson ? NDJSON_TYPES[0]! : JSON_TYPES[0]!;
          const res = await fetch(`${app.base}/v1/events`, {
            method: 'POST',
            headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(contentType ? { 'content-type': contentType } : {}) },
            body: batch ? batch.text : Buffer.from(body as Uint8Array),
          });
          expect(res.status).toBeLessThan(500);
          const reply = (await res.json()) as IngestReport & { error?: string };
          if (res.status >= 400) expect(typeof reply.error).toBe('string');
          // When the content type says what the body is, the report must account for it exactly.
          if (batch && type === 'matching' && token === TOKENS.ingest && Array.isArray(reply.rejected)) checkReport(reply, batch);
        }),
        { numRuns: HTTP_RUNS },
      ),
    );
    expect(grew).toBeLessThan(LIVE_BOUND);
  }, TIMEOUT_MS);
});

/** A WebSocket message: a batch as is, in an envelope with a (hostile) ref, or a binary frame of odd bytes. */
const message = fc.oneof(
  { weight: 4, arbitrary: anyBody.map((batch) => ({ batch, ref: undefined as string | undefined, bytes: undefined as Uint8Array | undefined })) },
  { weight: 4, arbitrary: fc.tuple(eventBatch(config.centres, ID), hostileJson).map(([batch, ref]) => ({ batch, ref, bytes: undefined })) },
  { weight: 1, arbitrary: invalidUtf8.map((bytes) => ({ batch: { text: '', ndjson: false, events: [] } as Batch, ref: undefined, bytes })) },
);

/** Whether the socket reads a batch as HTTP does with its matching content type (the socket guesses NDJSON from the lines). */
function sameAsHttp(batch: Batch): boolean {
  if (batch.text.includes('"events"')) return false;
  return !batch.ndjson || ((batch.items ?? 0) > 1 && !batch.text.startsWith('['));
}

describe('WebSocket ingest on a live server', () => {
  it(`answers every message, in order, with an ack or a 4xx nack, never 5xx (${RUNS} messages)`, async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/v1/events/ws?token=${TOKENS.ingest}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const waiting: ((reply: Record<string, unknown>) => void)[] = [];
    ws.on('message', (data) => waiting.shift()?.(JSON.parse(String(data)) as Record<string, unknown>));
    let sent = 0;
    const grew = await kept(() =>
      fc.assert(
        fc.asyncProperty(message, async ({ batch: generated, ref, bytes }) => {
          const batch = fresh(generated, ID);
          const envelope = ref !== undefined && batch.items !== undefined && batch.events.length > 0;
          const text = envelope ? `{"ref":${ref},"events":[${batch.events.map((e) => e.text).join(',')}]}` : batch.text;
          // A message over the limit closes the socket (uWS): that is the HTTP test's 413, not this one's.
          fc.pre(Buffer.byteLength(text) <= config.ingest.maxBodyBytes);
          const reply = new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
          ws.send(bytes ? Buffer.from(bytes) : text, { binary: bytes !== undefined });
          const seq = ++sent;
          const answer = await reply;
          expect(['ack', 'nack']).toContain(answer.type);
          if (answer.type === 'nack') {
            expect([400, 429, 503]).toContain(answer.status);
            expect(typeof answer.error).toBe('string');
          }
          if (!envelope) expect(answer.ref).toBe(seq);
          else if (answer.type === 'ack') expect(JSON.stringify(answer.ref)).toBe(JSON.stringify(JSON.parse(ref)));
          // As over HTTP: a batch with no usable event, or bytes that are not UTF-8, is a 400, never an ack.
          const report = Array.isArray(answer.rejected) ? (answer as unknown as IngestReport) : undefined;
          if (answer.type === 'ack') expect(report && report.accepted + report.duplicates === 0 && report.rejectedCount > 0).toBe(false);
          if (bytes && !isUtf8(bytes)) expect(answer).toMatchObject({ type: 'nack', status: 400 });
          if (report && (envelope || sameAsHttp(batch))) checkReport(report, envelope ? { ...batch, items: batch.events.length } : batch);
        }),
        { numRuns: RUNS },
      ),
    );
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    expect(grew).toBeLessThan(LIVE_BOUND);
  }, TIMEOUT_MS);
});

/** A GET of any route with a mangled path or query: malformed %-escapes, dot segments, odd bytes. */
const mangledUrl = fc
  .tuple(
    fc.constantFrom('/v1/metrics/', '/v1/incidents/', '/v1/deliveries/', '/v1/history', '/v1/reports', '/v1/sms', '/v1/levels', '/v1/audit', '/assets/', '/v1/nothing/'),
    fc.array(fc.constantFrom('%', '%E0%A4%A', '%zz', '%C0%AF', '%00', '%2F', '%25', '..', '/', 'a', 'queue:hangzhou', '~', '?', '&', '=', 'scope=', 'limit=', '-1', '1e999', 'from=', '__proto__'), { maxLength: 8 }),
  )
  .map(([prefix, parts]) => prefix + parts.join(''));

describe('GET on any route with a mangled URL', () => {
  it(`answers 2xx, 3xx or 4xx, never 5xx (${HTTP_RUNS} requests)`, async () => {
    await fc.assert(
      fc.asyncProperty(mangledUrl, async (path) => {
        const res = await fetch(`${app.base}${path}`, { headers: { authorization: 'Bearer demo-admin-token' }, redirect: 'manual' });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: HTTP_RUNS },
    );
  }, TIMEOUT_MS);
});

describe('after all that', () => {
  it('is up, counts a known-good event exactly once, and nothing reached Object.prototype', async () => {
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
    // Caught up means the last entry of wuhan's stream is applied (a count that holds still for a while proves
    // nothing on a slow machine). Until then the probe throws what it saw, which a timeout reports.
    const stream = createKeys(prefix).stream('wuhan');
    // A stalled pipeline says why (pipelineFailures): the timeout then reports the step's error, not only the count.
    const wuhan = async () => {
      const status = (await (await api(app.base).get('/v1/status')).json()) as { centres: Record<string, { applied?: number; lastApplied?: string }>; pipelineFailures: unknown[] };
      const [[last] = []] = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
      return { applied: status.centres.wuhan?.applied ?? 0, lastApplied: status.centres.wuhan?.lastApplied, last, failures: status.pipelineFailures };
    };
    const caughtUp = async () => {
      const seen = await wuhan();
      if (seen.last === undefined || seen.lastApplied !== seen.last) throw new Error(`not caught up: ${JSON.stringify(seen)}`);
      return seen;
    };
    const settled = (await waitUntil(caughtUp, 'the engine to apply what the fuzzing sent', 180_000)).applied;

    const good = JSON.stringify({ id: `${prefix}-known-good`, type: 'contact.queued', ts: Date.now(), centre: 'wuhan', contactId: 'known-good', queue: 'voice', media: 'voice' });
    expect(await (await api(app.base).postEvents(good)).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [], rejectedCount: 0 });
    const afterGood = await waitUntil(caughtUp, 'the known-good event to be applied');
    expect(afterGood.applied).toBe(settled + 1);
    expect(await (await api(app.base).postEvents(good)).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [], rejectedCount: 0 });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await wuhan()).applied).toBe(settled + 1);
    checkNoPollution(prototypeBefore);
  }, 240_000);
});
