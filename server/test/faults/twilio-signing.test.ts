/**
 * Fault (issue 12, row 13): Twilio webhooks signed exactly as Twilio signs them, on a live
 * server with real Redis. A repeated form key is signed with every one of its values (sorted):
 * keeping only the last value refused Twilio's genuine callbacks. A webhook with a JSON body is
 * signed over its URL, which carries the body's `bodySHA256`: it was refused as 415. The
 * signatures are made by the twilio SDK, as Twilio's own servers make them.
 */
import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { TaskRouterConfig } from '../../stages/ingest/adapters/config.js';
import { TASKROUTER_PATH } from '../../stages/ingest/adapters/twilio-taskrouter/route.js';
import { TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from '../../stages/deliver/sms/index.js';
import { useServer } from '../support/env.js';

const AUTH_TOKEN = 'signing-twilio-auth-token';
const PUBLIC = 'https://surge.example.com';

const live = useServer('twilio-signing', (c) => {
  c.twilio = { accountSid: `AC${'0'.repeat(32)}`, authToken: AUTH_TOKEN, from: '+15005550006', webhookBaseUrl: PUBLIC, apiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 1000, inboundDedupSec: 86_400 };
});
const taskRouter = () => live.config.adapters?.twilioTaskRouter as TaskRouterConfig;

type Params = Record<string, string | string[]>;

/** form encodes parameters as Twilio posts them: a list is the key repeated, once per value. */
function form(params: Params): string {
  return new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v.map((one) => [k, one]) : [[k, v]]))).toString();
}

function postForm(path: string, publicUrl: string, authToken: string, params: Params, signedParams: Params = params) {
  return fetch(`${live.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, publicUrl, signedParams) },
    body: form(params),
  });
}

/** postJson posts a JSON webhook as Twilio does: bodySHA256 in the URL, the signature over the URL alone. */
function postJson(path: string, publicUrl: string, authToken: string, body: string, signedBody = body) {
  const query = `bodySHA256=${createHash('sha256').update(signedBody).digest('hex')}`;
  return fetch(`${live.base}${path}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, `${publicUrl}?${query}`, {}) },
    body,
  });
}

const receipt = (sid: string) => ({ MessageSid: sid, MessageStatus: 'delivered', AccountSid: `AC${'0'.repeat(32)}` });

describe('SMS callbacks with a repeated form key', () => {
  it('are accepted when signed over every value, and refused when signed over the last one only', async () => {
    const params = { ...receipt('SM00000000000000000000000000000001'), MediaUrl: ['https://a.example/2', 'https://a.example/1', 'https://a.example/2'] };
    const status = await postForm(TWILIO_STATUS_PATH, `${PUBLIC}${TWILIO_STATUS_PATH}`, AUTH_TOKEN, params);
    expect(status.status).toBe(204);
    const reply = await postForm(TWILIO_INBOUND_PATH, `${PUBLIC}${TWILIO_INBOUND_PATH}`, AUTH_TOKEN, { MessageSid: 'SM00000000000000000000000000000002', From: '+15005550001', Body: 'hello', To: ['+15005550006', '+15005550007'] });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/xml/);
    const lastOnly = await postForm(TWILIO_STATUS_PATH, `${PUBLIC}${TWILIO_STATUS_PATH}`, AUTH_TOKEN, params, { ...params, MediaUrl: 'https://a.example/2' });
    expect(lastOnly.status).toBe(403);
  });
});

describe('TaskRouter event callbacks with a repeated form key', () => {
  it('are accepted when signed over every value', async () => {
    const params = { EventType: 'workflow.target-matched', Sid: 'EV0000000000000000000000000000001', Timestamp: String(Math.floor(Date.now() / 1000)), TaskAttributes: ['{"a":1}', '{"b":2}'] };
    const res = await postForm(TASKROUTER_PATH, taskRouter().callbackUrl!, taskRouter().authToken, params);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: { 'workflow.target-matched': 1 } });
  });
});

describe('JSON webhooks signed with bodySHA256', () => {
  it('are accepted on the SMS and TaskRouter routes, and refused when the body is not the one signed', async () => {
    const body = JSON.stringify(receipt('SM00000000000000000000000000000002'));
    expect((await postJson(TWILIO_STATUS_PATH, `${PUBLIC}${TWILIO_STATUS_PATH}`, AUTH_TOKEN, body)).status).toBe(204);
    const event = JSON.stringify({ EventType: 'workflow.target-matched', Sid: 'EV0000000000000000000000000000002', Timestamp: String(Math.floor(Date.now() / 1000)) });
    const res = await postJson(TASKROUTER_PATH, taskRouter().callbackUrl!, taskRouter().authToken, event);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: { 'workflow.target-matched': 1 } });

    const tampered = await postJson(TWILIO_STATUS_PATH, `${PUBLIC}${TWILIO_STATUS_PATH}`, AUTH_TOKEN, JSON.stringify(receipt('SM00000000000000000000000000000003')), body);
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as { error: string }).error).toMatch(/bodySHA256/);
    const otherToken = await postJson(TWILIO_STATUS_PATH, `${PUBLIC}${TWILIO_STATUS_PATH}`, 'not-the-token', body);
    expect(otherToken.status).toBe(403);
  });
});
