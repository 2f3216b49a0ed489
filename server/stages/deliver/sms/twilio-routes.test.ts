/**
 * Twilio's callbacks through a real uWS server: signed delivery receipts and replies are
 * passed on; a forged, missing or tampered signature gets 403 and reaches nothing.
 */
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../config/types.js';
import { createKeys } from '../../../platform/redis/keys.js';
import { demoConfig, quietLogger, useRedis } from '../../../test/support/env.js';
import { serveRoutes, type RouteServer } from '../../../testkit/route-server.js';
import { SmsStore } from './sms-store.js';
import { twilioRoutes } from './twilio-routes.js';

const TOKEN = 'fake-twilio-auth-token';
const PUBLIC = 'https://surge.example.com';
const MANAGER = '+8613812345678';

const statuses: [string, string, string | undefined][] = [];
const inbound: [string, string][] = [];
const { prefix, redis } = useRedis('twilio-routes');
const smsStore = new SmsStore(redis, createKeys(prefix));

function serve(mutate: (c: Config) => void): Promise<RouteServer> {
  const config = demoConfig(prefix, (c) => {
    c.server.publicUrl = 'http://localhost:8080';
    c.twilio = { accountSid: `AC${'0'.repeat(32)}`, authToken: TOKEN, from: '+15005550006', webhookBaseUrl: PUBLIC, timeoutMs: 1000, inboundDedupSec: 86_400 };
    mutate(c);
  });
  return serveRoutes(config, twilioRoutes({
    config,
    logger: quietLogger(),
    onStatus: async (sid, status, errorCode) => void statuses.push([sid, status, errorCode]),
    onInbound: async (from, body) => {
      inbound.push([from, body]);
      return /^ACK\s+\w+$/i.test(body) ? `Acknowledged ${body.split(/\s+/)[1]} <hangzhou> & thanks` : '';
    },
    inbound: { claim: (sid, ttlSec) => smsStore.claimInbound(sid, ttlSec), release: (sid) => smsStore.releaseInbound(sid) },
  }));
}

let server: RouteServer;
beforeAll(async () => {
  server = await serve(() => undefined);
});
afterAll(() => server.close());
beforeEach(() => {
  statuses.length = 0;
  inbound.length = 0;
});

function post(base: string, path: string, params: Record<string, string>, signature?: string) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });
}
const sign = (url: string, params: Record<string, string>, token = TOKEN) => twilio.getExpectedTwilioSignature(token, url, params);

const receipt = { MessageSid: 'SM0123456789abcdef0123456789abcdef', MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: `AC${'0'.repeat(32)}`, To: MANAGER, From: '+15005550006', ApiVersion: '2010-04-01' };
const reply = { MessageSid: 'SMfedcba9876543210fedcba9876543210', From: MANAGER, To: '+15005550006', Body: 'ACK K7Q2', NumMedia: '0', AccountSid: `AC${'0'.repeat(32)}` };

describe('POST /v1/twilio/status', () => {
  it('passes a signed delivery receipt on', async () => {
    const res = await post(server.base, '/v1/twilio/status', receipt, sign(`${PUBLIC}/v1/twilio/status`, receipt));
    expect(res.status).toBe(204);
    expect(statuses).toEqual([['SM0123456789abcdef0123456789abcdef', 'undelivered', '30003']]);
  });

  it('refuses a missing, forged or tampered signature with 403', async () => {
    const url = `${PUBLIC}/v1/twilio/status`;
    const missing = await post(server.base, '/v1/twilio/status', receipt);
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: string }).error).toMatch(/missing X-Twilio-Signature/);
    expect((await post(server.base, '/v1/twilio/status', receipt, sign(url, receipt, 'not-the-token'))).status).toBe(403);
    expect((await post(server.base, '/v1/twilio/status', { ...receipt, MessageStatus: 'delivered' }, sign(url, receipt))).status).toBe(403);
    // Signed for another URL (server.publicUrl, while twilio.webhookBaseUrl is what Twilio calls).
    expect((await post(server.base, '/v1/twilio/status', receipt, sign('http://localhost:8080/v1/twilio/status', receipt))).status).toBe(403);
    expect(statuses).toEqual([]);
  });

  it('without twilio.webhookBaseUrl, checks the signature over server.publicUrl', async () => {
    const other = await serve((c) => {
      delete c.twilio!.webhookBaseUrl;
    });
    try {
      const res = await post(other.base, '/v1/twilio/status', receipt, sign('http://localhost:8080/v1/twilio/status', receipt));
      expect(res.status).toBe(204);
    } finally {
      other.close();
    }
  });

  it('answers 404 when Twilio is not configured', async () => {
    const other = await serve((c) => {
      delete c.twilio;
    });
    try {
      expect((await post(other.base, '/v1/twilio/status', receipt, 'anything')).status).toBe(404);
    } finally {
      other.close();
    }
  });
});

describe('POST /v1/twilio/inbound', () => {
  it('passes a signed reply on and answers with TwiML, escaped', async () => {
    const res = await post(server.base, '/v1/twilio/inbound', reply, sign(`${PUBLIC}/v1/twilio/inbound`, reply));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>Acknowledged K7Q2 &lt;hangzhou&gt; &amp; thanks</Message></Response>');
    expect(inbound).toEqual([[MANAGER, 'ACK K7Q2']]);
  });

  it('answers a replayed MessageSid with an empty Response without passing it on again', async () => {
    const params = { ...reply, MessageSid: 'SM0000000000000000000000000000beef' };
    const signature = sign(`${PUBLIC}/v1/twilio/inbound`, params);
    expect(await (await post(server.base, '/v1/twilio/inbound', params, signature)).text()).toContain('<Message>Acknowledged K7Q2');
    const replayed = await post(server.base, '/v1/twilio/inbound', params, signature);
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(inbound).toEqual([[MANAGER, 'ACK K7Q2']]);
    expect(await redis.ttl(createKeys(prefix).smsInbound(params.MessageSid))).toBeGreaterThan(86_000);
  });

  it('refuses a signed reply without a MessageSid with 400', async () => {
    const { MessageSid: _sid, ...params } = reply;
    const res = await post(server.base, '/v1/twilio/inbound', params, sign(`${PUBLIC}/v1/twilio/inbound`, params));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/no MessageSid/);
    expect(inbound).toEqual([]);
  });

  it('answers an empty Response when there is nothing to say', async () => {
    const params = { ...reply, Body: 'hello?', MessageSid: 'SM0000000000000000000000000000cafe' };
    const res = await post(server.base, '/v1/twilio/inbound', params, sign(`${PUBLIC}/v1/twilio/inbound`, params));
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('refuses a forged reply with 403 without acting on it', async () => {
    const res = await post(server.base, '/v1/twilio/inbound', reply, sign(`${PUBLIC}/v1/twilio/inbound`, reply, 'guessed-token'));
    expect(res.status).toBe(403);
    expect(inbound).toEqual([]);
  });
});
