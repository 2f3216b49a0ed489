/**
 * Bad input, property-based: Twilio's callback routes on a live server (with a Twilio
 * account configured, so signed callbacks reach the real SMS store and the ACK-by-SMS
 * handler). Random form bodies, keys like `__proto__`, invalid UTF-8, and signatures that
 * are missing, random, made with another token or for other parameters: never a 5xx.
 * Unsigned or forged ones are refused 403 (415 for another content type, 400 for a body
 * that is not UTF-8); validly signed ones get 2xx, or 400 naming the field they lack.
 */
import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from '../../stages/deliver/sms/index.js';
import { useServer } from '../support/env.js';
import { checkNoPollution } from './batch-check.js';

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

/** A callback: where, what, with which query and content type, and how (or whether) it is signed. */
const callback = fc.record({
  path: fc.constantFrom(TWILIO_STATUS_PATH, TWILIO_INBOUND_PATH),
  params: form,
  query: fc.oneof({ weight: 4, arbitrary: fc.constant([] as [string, string][]) }, { weight: 1, arbitrary: pairs }),
  raw: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) }),
  type: fc.oneof({ weight: 8, arbitrary: fc.constant('application/x-www-form-urlencoded') }, { weight: 1, arbitrary: fc.constantFrom('', 'application/json', 'text/plain', 'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8') }),
  signature: fc.oneof(
    fc.constantFrom('valid', 'valid', 'missing', 'other-token', 'other-params', 'other-url'),
    fc.base64String({ maxLength: 40 }),
    fc.string({ maxLength: 60 }),
  ),
});

const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** signatureHeader makes the X-Twilio-Signature a case asks for; anything else is sent as it is. */
function signatureHeader(signature: string, url: string, path: string, form: Record<string, string>): string {
  const sign = (token: string, at: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature(token, at, params);
  switch (signature) {
    case 'valid':
      return sign(AUTH_TOKEN, url, form);
    case 'missing':
      return '';
    case 'other-token':
      return sign('not-the-token', url, form);
    case 'other-params':
      return sign(AUTH_TOKEN, url, { ...form, Tampered: 'yes' });
    case 'other-url':
      return sign(AUTH_TOKEN, `http://localhost:8080${path}`, form);
    default:
      return signature;
  }
}

describe('Twilio callbacks on a live server', () => {
  it(`answer 2xx, 400, 403 or 415 with a reason, never 5xx (${RUNS} requests)`, async () => {
    await fc.assert(
      fc.asyncProperty(callback, async ({ path, params, query, raw, type, signature }) => {
        const body = raw ?? new URLSearchParams(params).toString();
        const search = new URLSearchParams(query).toString();
        const signed = Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : Buffer.from(body).toString('utf8')));
        const url = `${PUBLIC}${path}${search ? `?${search}` : ''}`;
        const header = signatureHeader(signature, url, path, signed);
        const res = await fetch(`${live.base}${path}${search ? `?${search}` : ''}`, {
          method: 'POST',
          headers: { ...(type ? { 'content-type': type } : {}), ...(header ? { 'x-twilio-signature': header } : {}) },
          body,
        });
        expect(res.status).toBeLessThan(500);
        const text = await res.text();
        if (res.status >= 400) expect(typeof (JSON.parse(text) as { error?: unknown }).error).toBe('string');

        const readable = typeof body === 'string' || isUtf8(body);
        // Without a content type, fetch labels a text body text/plain itself.
        const sentType = type || (typeof body === 'string' ? 'text/plain' : '');
        const form = sentType === '' || /^application\/x-www-form-urlencoded/i.test(sentType);
        if (!readable) expect(res.status).toBe(400);
        else if (!form) expect(res.status).toBe(415);
        else if (signature === 'valid') expect([200, 204, 400]).toContain(res.status);
        else expect(res.status).toBe(403);
      }),
      { numRuns: RUNS },
    );
    expect((await fetch(`${live.base}/healthz`)).status).toBe(200);
    checkNoPollution(prototypeBefore);
  }, 30_000 + RUNS * 10);
});
