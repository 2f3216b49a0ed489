/**
 * Plans when things go wrong: nobody acknowledges (escalation), Twilio failing (retried, then the
 * next contact) or timing out (not sent again: the next contact), the ACD down (retried,
 * dead-lettered, retried by hand).
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../platform/redis/keys.js';
import { api, TOKENS, waitUntil } from '../support/env.js';
import { FakeAcd } from '../../testkit/fake-acd.js';
import { CALM_NOTIFY, phoneOf, traffic, usePlanWorld } from '../support/plan-world.js';

const post = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const openIncident = async (base: string) => ((await (await api(base).get('/v1/incidents')).json()) as { incidents: { id: string }[] }).incidents[0];

describe('an alert nobody answers', () => {
  const { prefix, world: w } = usePlanWorld('escalate', { repeatEverySec: 1, escalateAfterSec: 2 });

  it('repeats, escalates to the next contact, and stops once acknowledged', async () => {
    await api(w.base).postEvents(traffic(prefix).queue(3)); // yellow: the duty managers
    const sentTo = () => w.fakeTwilio.messages.map((m) => m.To);
    await waitUntil(() => sentTo().includes(phoneOf(w.config, 'zhang-min')), 'escalation to the second duty manager', 20_000);
    expect(sentTo().filter((n) => n === phoneOf(w.config, 'li-wei')).length).toBeGreaterThanOrEqual(2); // repeated first
    const incident = await waitUntil(() => openIncident(w.base), 'the incident');
    expect((await post(w.base, `/v1/incidents/${incident.id}/ack`, { reason: 'on it' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500)); // a tick already queued may still send one
    const settled = w.fakeTwilio.messages.length;
    await new Promise((r) => setTimeout(r, 3000));
    expect(w.fakeTwilio.messages.length).toBe(settled);
  }, 60_000);
});

describe('Twilio failing', () => {
  const { prefix, world: w } = usePlanWorld('twilio-down');

  it('retries a 500 with backoff, then alerts the next contact', async () => {
    w.fakeTwilio.mode = 'error500';
    await api(w.base).postEvents(traffic(prefix).queue(3));
    const attemptsTo = (id: string) => w.fakeTwilio.requests.filter((r) => r.params.To === phoneOf(w.config, id)).length;
    await waitUntil(() => attemptsTo('zhang-min') > 0, 'the next contact after the retries', 30_000);
    expect(attemptsTo('li-wei')).toBe(6); // every attempt of the job
    w.fakeTwilio.mode = 'ok';
    await waitUntil(() => w.fakeTwilio.messages.some((m) => m.To === phoneOf(w.config, 'zhang-min')), 'delivery to the next contact', 30_000);
  }, 60_000);

  it('never sends an SMS again after a timeout (Twilio may have taken it): the alert moves on to the next contact', async () => {
    w.fakeTwilio.mode = 'hang';
    const from = w.fakeTwilio.requests.length;
    await api(w.base).postEvents(traffic(`${prefix}-b`).queue(6)); // orange: the emergency echelon
    const chenJie = phoneOf(w.config, 'chen-jie');
    const since = () => w.fakeTwilio.requests.slice(from).map((r) => r.params.To);
    await waitUntil(() => since().some((to) => to !== chenJie) && since().includes(chenJie), 'the next contact after the timeout', 30_000);
    // Retries come after 100 ms: given time, none reaches chen-jie again.
    await new Promise((r) => setTimeout(r, 2000));
    expect(since().filter((to) => to === chenJie)).toHaveLength(1);
    w.fakeTwilio.mode = 'ok';
  }, 60_000);
});

describe('Redis failing just after Twilio accepted an SMS', () => {
  const { prefix, world: w } = usePlanWorld('record-fails');

  it('never sends it again: the record fails, the claim stays, and the retry finds it', async () => {
    const redis = new Redis();
    const keys = createKeys(prefix);
    // The first message's record cannot be written (a key of the wrong type where its hash goes), as when its slot fails over.
    let sabotaged: string | undefined;
    w.fakeTwilio.onAccepted = async (sid) => {
      if (sabotaged) return;
      sabotaged = sid;
      await redis.set(keys.sms(sid), 'not a hash');
    };
    try {
      await api(w.base).postEvents(traffic(prefix).queue(3)); // yellow: the duty managers
      await waitUntil(() => sabotaged, 'the first SMS to be accepted', 20_000);
      // The job failed on the record and was retried (backoff 100 ms): give the retries time to run.
      await new Promise((r) => setTimeout(r, 3000));
      const to = w.fakeTwilio.messages.map((m) => m.To);
      expect(new Set(to).size, JSON.stringify(to)).toBe(to.length);
      expect(await redis.type(keys.sms(sabotaged!))).toBe('string'); // the record was never written
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});

describe('the ACD down', () => {
  const { prefix, world: w } = usePlanWorld('acd-down', CALM_NOTIFY, async () => ({ acdUrl: await FakeAcd.unreachableUrl() }));

  it('retries, dead-letters the webhook where the control screen shows it, and retries on request', async () => {
    await api(w.base).postEvents(traffic(prefix).queue(6)); // orange: seats.activate
    type Delivery = { event: { id: string; type: string }; status: string; attempts: number; lastError: string };
    const dead = async () => ((await (await api(w.base).get('/v1/deliveries?status=dead', TOKENS.dispatcher)).json()) as { deliveries: Delivery[] }).deliveries;
    const [letter] = await waitUntil(async () => ((await dead()).length > 0 ? dead() : undefined), 'a dead letter', 30_000);
    expect(letter).toMatchObject({ status: 'dead', attempts: 6 });
    expect(letter!.event.type).toBe('seats.activate');
    expect(letter!.lastError).toMatch(/ECONNREFUSED|not reached/);
    const retry = await post(w.base, `/v1/deliveries/${encodeURIComponent(letter!.event.id)}/retry`, { reason: 'ACD back up' });
    expect(retry.status).toBe(202);
    await waitUntil(async () => ((await dead())[0]?.attempts ?? 0) >= 12, 'the retried attempts to fail again', 30_000);
    const audit = ((await (await api(w.base).get('/v1/audit', 'demo-admin-token')).json()) as { entries: { action: string; target: string }[] }).entries;
    expect(audit[0]).toMatchObject({ action: 'delivery.retry', target: letter!.event.id });
  }, 60_000);
});

describe('a silence', () => {
  const { prefix, world: w } = usePlanWorld('silence');

  it('holds alerts for its scope until it is lifted, and is audited', async () => {
    const created = await post(w.base, '/v1/silences', { scope: 'centre:wuhan', durationSec: 600, reason: 'planned maintenance' });
    expect(created.status).toBe(201);
    const { silence } = (await created.json()) as { silence: { id: string } };
    expect((await post(w.base, '/v1/silences', { scope: 'centre:atlantis/x', durationSec: 600, reason: 'x' })).status).toBe(400);

    await api(w.base).postEvents(traffic(prefix).queue(3));
    await waitUntil(() => openIncident(w.base), 'the incident');
    await new Promise((r) => setTimeout(r, 2000));
    expect(w.fakeTwilio.messages).toHaveLength(0);

    expect((await post(w.base, `/v1/silences/${silence.id}/expire`, { reason: 'maintenance over' })).status).toBe(200);
    await waitUntil(() => w.fakeTwilio.messages.some((m) => m.To === phoneOf(w.config, 'li-wei')), 'the held alert after the silence', 20_000);
    const audit = ((await (await api(w.base).get('/v1/audit', 'demo-admin-token')).json()) as { entries: { action: string }[] }).entries.map((e) => e.action);
    expect(audit.slice(0, 2)).toEqual(['silence.expire', 'silence.add']);
  }, 60_000);
});
