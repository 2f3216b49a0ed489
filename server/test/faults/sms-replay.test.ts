/**
 * A captured `ACK` SMS replayed: Twilio's signature has no timestamp, so the replay verifies.
 * Only the first delivery of a MessageSid acts; a replay gets 200 with empty TwiML and changes
 * nothing — not the acknowledgement, not the timeline, not the audit, and no reply by SMS.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { ackCode } from '../../stages/plans/index.js';
import { useServer, waitUntil } from '../support/env.js';

const AUTH_TOKEN = 'replay-twilio-auth-token';
const PUBLIC = 'https://surge.example.com';
const ADMIN = 'demo-admin-token';

const live = useServer('sms-replay', (c) => {
  c.twilio = { accountSid: `AC${'0'.repeat(32)}`, authToken: AUTH_TOKEN, from: '+15005550006', webhookBaseUrl: PUBLIC, apiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 1000, inboundDedupSec: 86_400 };
  // No plans: the declared incident sends nothing; only the reply is under test.
  c.plans.dir = mkdtempSync(join(tmpdir(), 'surge-no-plans-'));
});

type Incident = { id: string; acknowledged: { by: string; at: number } | null };

const call = async <T>(path: string, init: RequestInit & { token?: string } = {}) => {
  const res = await fetch(`${live.base}${path}`, { ...init, headers: { authorization: `Bearer ${init.token ?? ADMIN}`, 'content-type': 'application/json', ...init.headers } });
  return { status: res.status, body: (await res.json()) as T };
};

function inbound(params: Record<string, string>) {
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}/v1/twilio/inbound`, params);
  return fetch(`${live.base}/v1/twilio/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

describe('a replayed ACK SMS', () => {
  it('acts once: the replay answers empty TwiML and changes nothing', async () => {
    const declared = await call<{ incident: Incident }>('/v1/incidents', { method: 'POST', body: JSON.stringify({ type: 'fire', centre: 'wuhan', level: 'red', note: 'replay drill' }) });
    expect(declared.status).toBe(201);
    const id = declared.body.incident.id;
    const manager = live.config.contacts[0]!;
    const params = { MessageSid: `SM${'ab'.repeat(16)}`, AccountSid: `AC${'0'.repeat(32)}`, From: manager.phone, To: '+15005550006', Body: `ACK ${ackCode(id)}`, NumMedia: '0' };

    const first = await inbound(params);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`Acknowledged ${id}`);
    const state = async () => {
      const { body } = await call<{ incident: Incident; timeline: unknown[] }>(`/v1/incidents/${id}`);
      const audit = (await call<{ entries: { target: string }[] }>('/v1/audit?limit=5000')).body.entries.filter((e) => e.target === id);
      return { acknowledged: body.incident.acknowledged, timeline: body.timeline, audit };
    };
    const before = await waitUntil(async () => {
      const s = await state();
      return s.acknowledged ? s : undefined;
    }, 'the acknowledgement committed');
    expect(before.acknowledged!.by).toBe(`${manager.name} (SMS)`);

    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 20)); // a re-acknowledgement would carry a later time
      const replay = await inbound(params);
      expect(replay.status).toBe(200);
      expect(await replay.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    }
    // Commands are committed by the pipeline's next steps: give them time to show if they were sent.
    await new Promise((r) => setTimeout(r, 500));
    expect(await state()).toEqual(before);
  }, 30_000);
});
