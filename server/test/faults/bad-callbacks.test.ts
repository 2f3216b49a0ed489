/**
 * Bad input, property-based: Twilio's callback routes on a live server (with a Twilio
 * account configured, so signed callbacks reach the real SMS store and the ACK-by-SMS
 * handler), and the TaskRouter adapter's. Random form bodies (keys repeated, keys like
 * `__proto__`), JSON bodies signed with bodySHA256, invalid UTF-8, and signatures that are
 * missing, random, made with another token or for other parameters: never a 5xx. The
 * headers are judged before the body is read: another content type is 415, a missing,
 * malformed or (for JSON) wrong signature 403; then a body that is not UTF-8 is 400, a
 * forged one 403. Validly signed ones get 2xx, or 400 naming the field they lack.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from '../../stages/deliver/sms/index.js';
import type { TaskRouterConfig } from '../../stages/ingest/adapters/config.js';
import { TASKROUTER_PATH } from '../../stages/ingest/adapters/twilio-taskrouter/route.js';
import { useServer } from '../support/env.js';
import { checkNoPollution } from './batch-check.js';
import { isUtf8 } from './hostile-events.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 10_000);
const AUTH_TOKEN = 'fuzz-twilio-auth-token';
const PUBLIC = 'https://surge.example.com';

const live = useServer('bad-callbacks', (c) => {
  // Nothing is sent (no incident opens without events), but a send would go nowhere.
  c.twilio = { accountSid: `AC${'0'.repeat(32)}`, authToken: AUTH_TOKEN, from: '+15005550006', webhookBaseUrl: PUBLIC, apiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 1000, inboundDedupSec: 86_400 };
});
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

const phones = live.config.contacts.map((c) => c.phone);
const key = fc.oneof(
  fc.constantFrom('MessageSid', 'MessageStatus', 'ErrorCode', 'From', 'To', 'Body', 'AccountSid', 'NumMedia', '__proto__', 'constructor', 'toString', 'bodySHA256', 'hasOwnProperty'),
  fc.string({ maxLength: 10 }),
);
const value = fc.oneof(
  fc.constantFrom('queued', 'sent', 'delivered', 'undelivered', 'failed', 'read', '__proto__', 'constructor', 'toString', 'valueOf', '', ' ', 'ACK', 'ack k7q2', 'ACK ZZZZZZ', '30003', 'SM0123456789abcdef0123456789abcdef', ...phones),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1, max: 5000 }).map((n) => 'x'.repeat(n)),
);
const pairs = fc.array(fc.tuple(key, value), { maxLength: 12 });
/** Mostly shaped like a receipt or a reply (every field Twilio sends, odd values), sometimes anything. */
const form = fc.oneof(
  fc.tuple(fc.record({ MessageSid: value, MessageStatus: value, ErrorCode: value, From: value, Body: value }), pairs).map(([fields, extra]) => [...Object.entries(fields), ...extra]),
  pairs,
);

/** A callback: what, with which query and content type, in which encoding, and how (or whether) it is signed. */
const callback = fc.record({
  params: form,
  query: fc.oneof({ weight: 4, arbitrary: fc.constant([] as [string, string][]) }, { weight: 1, arbitrary: pairs }),
  raw: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) }),
  /** A JSON webhook, signed with bodySHA256 in the URL. */
  json: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  type: fc.oneof({ weight: 8, arbitrary: fc.constant('matching') }, { weight: 1, arbitrary: fc.constantFrom('', 'application/json', 'text/plain', 'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8') }),
  signature: fc.oneof(
    fc.constantFrom('valid', 'valid', 'missing', 'other-token', 'other-params', 'other-url'),
    fc.base64String({ maxLength: 40 }),
    fc.string({ maxLength: 60 }),
  ),
});

/** signedForm groups a repeated key's values, as Twilio signs them (the SDK sorts them). */
function signedForm(body: string): Record<string, string | string[]> {
  const params = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of new URLSearchParams(body)) {
    const seen = params[k];
    params[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  return params;
}

interface Endpoint {
  path: string;
  /** The public URL Twilio calls, and the token it signs with. */
  url: string;
  authToken: string;
  /** Statuses a validly signed callback may get. */
  signedStatuses: number[];
}

/** signatureHeader makes the X-Twilio-Signature a case asks for; anything else is sent as it is. */
function signatureHeader(signature: string, endpoint: Endpoint, signedUrl: string, params: Record<string, string | string[]>): string {
  const sign = (token: string, at: string, p: Record<string, string | string[]>) => twilio.getExpectedTwilioSignature(token, at, p);
  switch (signature) {
    case 'valid':
      return sign(endpoint.authToken, signedUrl, params);
    case 'missing':
      return '';
    case 'other-token':
      return sign('not-the-token', signedUrl, params);
    case 'other-params':
      return sign(endpoint.authToken, signedUrl, { ...params, Tampered: 'yes' });
    case 'other-url':
      return sign(endpoint.authToken, signedUrl.replace(endpoint.url, `https://elsewhere.example.com${endpoint.path}`), params);
    default:
      return signature;
  }
}

/** A signature the server can tell is not one without reading the body. */
const wellFormed = (header: string) => /^[A-Za-z0-9+/]{27}=$/.test(header);

/** checkCallbacks posts RUNS generated callbacks to the endpoints and checks each answer against what Twilio's signing rules say. */
async function checkCallbacks(endpoints: Endpoint[]): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...endpoints), callback, async (endpoint, { params, query, raw, json, type, signature }) => {
      const formBody = new URLSearchParams(params).toString();
      const jsonBody = JSON.stringify(Object.fromEntries(params));
      const body = raw ?? (json ? jsonBody : formBody);
      const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
      // A JSON webhook's URL carries the SHA-256 of its body.
      const hash: [string, string][] = json ? [['bodySHA256', createHash('sha256').update(text).digest('hex')]] : [];
      const search = new URLSearchParams([...query.filter(([k]) => !json || k !== 'bodySHA256'), ...hash]).toString();
      const signedUrl = `${endpoint.url}${search ? `?${search}` : ''}`;
      const header = signatureHeader(signature, endpoint, signedUrl, json ? {} : signedForm(text));
      const sentType = type === 'matching' ? (json ? 'application/json' : 'application/x-www-form-urlencoded') : type;
      const res = await fetch(`${live.base}${endpoint.path}${search ? `?${search}` : ''}`, {
        method: 'POST',
        headers: { ...(sentType ? { 'content-type': sentType } : {}), ...(header ? { 'x-twilio-signature': header } : {}) },
        body,
      });
      expect(res.status).toBeLessThan(500);
      const reply = await res.text();
      if (res.status >= 400) expect(typeof (JSON.parse(reply) as { error?: unknown }).error).toBe('string');

      const readable = typeof body === 'string' || isUtf8(body);
      // Without a content type, fetch labels a text body text/plain itself.
      const labelled = sentType || (typeof body === 'string' ? 'text/plain' : '');
      const isForm = labelled === '' || /^application\/x-www-form-urlencoded/i.test(labelled);
      const isJson = /^application\/json/i.test(labelled);
      // Headers first (type, signature, a JSON webhook's signed URL), then the body.
      const signedAhead = !isJson || (json && signature === 'valid');
      if (!isForm && !isJson) expect(res.status).toBe(415);
      else if (!wellFormed(header) || !signedAhead) expect(res.status).toBe(403);
      else if (!readable) expect(res.status).toBe(400);
      // A JSON webhook's signature covers no parameters: read as a form, it holds only for an empty one.
      else if (signature === 'valid' && (isJson || !json || Object.keys(signedForm(text)).length === 0)) expect(endpoint.signedStatuses).toContain(res.status);
      else expect(res.status).toBe(403);
    }),
    { numRuns: RUNS },
  );
  expect((await fetch(`${live.base}/healthz`)).status).toBe(200);
  checkNoPollution(prototypeBefore);
}

describe('Twilio callbacks on a live server', () => {
  it(`SMS receipts and replies answer 2xx, 400, 403 or 415 with a reason, never 5xx (${RUNS} requests)`, async () => {
    await checkCallbacks([TWILIO_STATUS_PATH, TWILIO_INBOUND_PATH].map((path) => ({ path, url: `${PUBLIC}${path}`, authToken: AUTH_TOKEN, signedStatuses: [200, 204, 400] })));
  }, 30_000 + RUNS * 20);

  it(`TaskRouter event callbacks answer 200, 400, 403 or 415 with a reason, never 5xx (${RUNS} requests)`, async () => {
    const settings = live.config.adapters?.twilioTaskRouter as TaskRouterConfig;
    await checkCallbacks([{ path: TASKROUTER_PATH, url: settings.callbackUrl!, authToken: settings.authToken, signedStatuses: [200, 400] }]);
  }, 30_000 + RUNS * 20);
});
