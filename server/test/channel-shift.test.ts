/**
 * Channel shifting end to end: a declared red incident runs a plan that announces on the
 * centre's IVR (a fake that verifies signatures) and reminds a customer list by SMS (the real
 * Twilio SDK at the fake Twilio), skipping a number that replied STOP through the signed
 * inbound route; the steps show what they did and what they shifted.
 */
import twilio from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeIvr } from '../testkit/fake-ivr.js';
import { api, TOKENS, waitUntil } from './support/env.js';
import { AUTH_TOKEN, SECRET, usePlanWorld } from './support/plan-world.js';

const PLANS = `
plans:
  - name: shift-red
    level: red
    centres: [wuhan]
    actions:
      - announce: { message: outage-apology, offer: callback }
      - remind: { list: shift, template: service-reminder }
`;
const customers = Array.from({ length: 6 }, (_, i) => ({ phone: `+86139555000${i}${i}` }));
let ivr: FakeIvr | undefined;

describe('announce and remind from a declared incident', () => {
  const { world } = usePlanWorld('shift', undefined, async () => {
    ivr = await FakeIvr.start(SECRET);
    return {
      plans: PLANS,
      configure: (c) => {
        c.ivr = { endpoints: new Map([['wuhan', { url: ivr!.url, secret: SECRET }]]), timeoutMs: 1000 };
        c.remind = { ...c.remind, lists: { shift: customers } };
      },
    };
  });
  afterAll(async () => {
    await ivr?.close();
  });

  it('announces on the IVR, reminds everyone but the number that replied STOP, and records both steps', async () => {
    const { base, config, fakeTwilio } = world;
    const stop = customers[3]!.phone;
    const url = `${config.server.publicUrl}/v1/twilio/inbound`;
    const params = { MessageSid: `SM${'5'.repeat(32)}`, From: stop, Body: 'STOP' };
    const reply = await fetch(`${base}/v1/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toMatch(/no more service reminders/);

    const declared = await fetch(`${base}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'equipment_failure', centre: 'wuhan', level: 'red', note: 'switch down' }),
    });
    expect(declared.status).toBe(201);
    const incidentId = ((await declared.json()) as { incident: { id: string } }).incident.id;

    const steps = await waitUntil(async () => {
      const { steps } = (await (await api(base).get(`/v1/plan-steps?incident=${incidentId}`)).json()) as { steps: { kind: string; state: string; progress?: object; shifted?: object }[] };
      return steps.length === 2 && steps.every((s) => s.state === 'done') && steps;
    }, 'both steps done');
    expect(steps.find((s) => s.kind === 'remind')).toMatchObject({ progress: { total: 6, sent: 5, failed: 0, optedOut: 1 }, shifted: { contacts: 5, to: 'sms' } });
    expect(steps.find((s) => s.kind === 'announce')).toMatchObject({ shifted: { to: 'callback' } });

    const announced = ivr!.received.filter((c) => c.json.type === 'ivr.announce');
    expect(announced).toHaveLength(1);
    expect(announced[0]!.json).toMatchObject({ centre: 'wuhan', data: { incidentId, offer: 'callback', queues: ['voice', 'chat', 'email'] } });
    const { entries } = (await (await api(base).get('/v1/audit', 'demo-admin-token')).json()) as { entries: { action: string; who: string; role: string }[] };
    expect(entries.filter((e) => e.who === 'plan shift-red').map((e) => e.action).sort()).toEqual(['plan-step.announce', 'plan-step.remind']);
    const reminded = fakeTwilio.messages.filter((m) => customers.some((c) => c.phone === m.To));
    expect(reminded.map((m) => m.To).sort()).toEqual(customers.map((c) => c.phone).filter((p) => p !== stop));
  });
});
