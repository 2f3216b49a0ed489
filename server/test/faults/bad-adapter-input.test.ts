/**
 * Bad input, property-based: the Amazon Connect adapter. Records are the documented examples
 * (agent events, contact events) with fields swapped for hostile JSON — wrong types, huge and
 * deep values, `__proto__` and `constructor` keys and names — or anything at all; deliveries
 * come as JSON arrays with an ingest token or as Firehose requests (base64 records, odd data).
 * The TaskRouter adapter is fuzzed with the Twilio callbacks (bad-callbacks.test.ts).
 *
 *   pure layers   decodeFirehose → translateRecords → Ingest → a real EventStore   FAST_CHECK_RUNS (10,000)
 *   HTTP          POST /v1/adapters/amazon-connect on a live server, either mode   a fifth of that
 *
 * Never an exception or a 5xx; every translated event is accounted for once (accepted,
 * duplicate or rejected with a reason); nothing reaches Object.prototype.
 */
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Ingest } from '../../stages/ingest/accept.js';
import { EventStore } from '../../stages/ingest/store.js';
import { decodeFirehose, translateRecords } from '../../stages/ingest/adapters/amazon-connect/records.js';
import type { AmazonConnectConfig } from '../../stages/ingest/adapters/config.js';
import { acceptTranslation } from '../../stages/ingest/adapters/report.js';
import { createKeys } from '../../platform/redis/keys.js';
import { AGENT_ENTERS_ACW, AGENT_LEAVES_ACW, CONTACT_CONNECTED_TO_AGENT, CONTACT_DATA_UPDATED } from '../../testkit/adapters/connect-examples.js';
import { REDIS_URL, removeKeys, TOKENS, useServer } from '../support/env.js';
import { checkNoPollution } from './batch-check.js';
import { hostileJson } from './hostile-events.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 10_000);
const HTTP_RUNS = Math.max(1, Math.round(RUNS / 5));
const TIMEOUT_MS = 30_000 + RUNS * 10;

const app = useServer('bad-adapter');
const { prefix, config } = app;
const settings = config.adapters?.amazonConnect as AmazonConnectConfig;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await removeKeys(`${prefix}-pure`);
});

const SEEDS: unknown[] = [AGENT_ENTERS_ACW, AGENT_LEAVES_ACW, CONTACT_CONNECTED_TO_AGENT, CONTACT_DATA_UPDATED];
const QUEUE_ARN = [...settings.queues.keys()][0] ?? 'BasicQueue';
const INSTANCE_ARN = [...settings.instances.keys()][0] ?? '';

/** Values a record's fields get instead of their own (as JSON text, parsed afresh each time): odd JSON, our mapping's names, prototype names. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  hostileJson,
  fc.constantFrom('__proto__', 'constructor', 'toString', '', ' ', QUEUE_ARN, INSTANCE_ARN, `${INSTANCE_ARN}/agent/x`, 'Available', 'Offline', 'AfterContactWork', 'STATE_CHANGE', 'QUEUED', 'CONNECTED_TO_AGENT', 'Amazon Connect Contact Event', '2026-01-01T00:00:00Z').map((v) => JSON.stringify(v)),
  fc.constantFrom('{"toString":1}', '{"valueOf":null,"toString":"x"}', '[null]', '[[]]', '{"Name":{"toString":1}}'),
);
const hostileValue = hostileText.map((text) => JSON.parse(text) as unknown);

/** paths lists the field paths of a JSON value (objects and arrays alike), down to the examples' depth. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null || at.length >= 6) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = [...at, Array.isArray(value) ? Number(k) : k];
    return [here, ...paths(v, here)];
  });
}

/** mutate copies a record and puts each edit's value at one of its paths (chosen by the edit's number). */
function mutate(seed: unknown, edits: [number, string][]): unknown {
  const copy = JSON.parse(JSON.stringify(seed)) as Record<string, unknown>;
  for (const [n, value] of edits) {
    const all = paths(copy);
    if (all.length === 0) break;
    const path = all[n % all.length]!;
    let node = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    Object.defineProperty(node, path[path.length - 1]!, { value: JSON.parse(value) as unknown, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const record: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), hostileText), { minLength: 1, maxLength: 4 })).map(([seed, edits]) => mutate(seed, edits)) },
  { weight: 1, arbitrary: fc.constantFrom(...SEEDS) },
  { weight: 1, arbitrary: hostileValue },
);
const records = fc.array(record, { maxLength: 6 });

/** A Firehose body: a delivery of (mostly) base64 records, or something that is not one. */
const firehoseBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('r-1', '', 'a'.repeat(300)), records, fc.array(fc.constantFrom('aGVsbG8=', '', '!!', '{}', 'bnVsbA=='), { maxLength: 2 })).map(([requestId, rs, odd]) => ({ requestId, timestamp: Date.now(), records: [...rs.map((r) => ({ data: Buffer.from(JSON.stringify(r) ?? '').toString('base64') })), ...odd.map((data) => ({ data }))] })) },
  { weight: 1, arbitrary: hostileValue },
);

/** JSON.stringify, so what the pure layers see is what a request could carry. */
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('Amazon Connect: the pure layers with a real EventStore', () => {
  it(`translate and ingest every record, or say why not, never throwing (${RUNS} runs)`, async () => {
    const ingest = new Ingest(new EventStore(redis, createKeys(`${prefix}-pure`), config.ingest.dedupTtlSec), config);
    await fc.assert(
      fc.asyncProperty(fc.oneof(records.map((rs) => ({ firehose: false, body: rs as unknown })), firehoseBody.map((body) => ({ firehose: true, body }))), async ({ firehose, body }) => {
        const input = roundTrip(body);
        const delivery = firehose ? decodeFirehose(input) : { records: Array.isArray(input) ? input : [input], unreadable: 0 };
        if (typeof delivery === 'string') return;
        const translation = translateRecords(delivery.records, settings);
        const report = await acceptTranslation(ingest, translation, 'amazon-connect');
        expect(report.accepted + report.duplicates + report.rejectedCount).toBe(translation.events.length);
        expect(report.rejected.every((r) => typeof r.error === 'string' && r.error.length > 0)).toBe(true);
        for (const tally of [report.ignored, report.unmapped]) expect(Object.values(tally).every((n) => Number.isInteger(n) && n > 0)).toBe(true);
        JSON.stringify(report);
      }),
      { numRuns: RUNS },
    );
    checkNoPollution(prototypeBefore);
  }, TIMEOUT_MS);
});

describe('Amazon Connect over HTTP on a live server', () => {
  it(`answers 2xx or 4xx with a reason, never 5xx (${HTTP_RUNS} requests)`, async () => {
    const url = `${app.base}/v1/adapters/amazon-connect`;
    const credentials = fc.oneof(
      { weight: 8, arbitrary: fc.constant({ authorization: `Bearer ${TOKENS.ingest}` } as Record<string, string>) },
      { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKENS.display}` }) },
    );
    const firehoseKey = fc.oneof({ weight: 8, arbitrary: fc.constant(settings.accessKey ?? '') }, { weight: 1, arbitrary: fc.constantFrom('', 'wrong-key') });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), records, firehoseBody, credentials, firehoseKey, async (firehose, rs, delivery, auth, key) => {
        const headers: Record<string, string> = firehose ? { 'x-amz-firehose-request-id': 'req-1', ...(key ? { 'x-amz-firehose-access-key': key } : {}) } : auth;
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(firehose ? delivery : rs) ?? 'null' });
        expect(res.status).toBeLessThan(500);
        const reply = (await res.json()) as Record<string, unknown>;
        if (firehose) expect(reply.requestId).toEqual(expect.any(String));
        if (res.status >= 400) expect(typeof (firehose ? reply.errorMessage : reply.error)).toBe('string');
        const allowed = firehose ? key === settings.accessKey : auth.authorization === `Bearer ${TOKENS.ingest}`;
        if (!allowed) expect([401, 403]).toContain(res.status);
        else if (!firehose) expect([202, 400]).toContain(res.status);
      }),
      { numRuns: HTTP_RUNS },
    );
    expect((await fetch(`${app.base}/healthz`)).status).toBe(200);
    checkNoPollution(prototypeBefore);
  }, TIMEOUT_MS);
});
