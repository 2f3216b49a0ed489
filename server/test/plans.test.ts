/**
 * Contingency plans end to end, against a fake Twilio REST API (the real SDK is pointed at
 * it) and a fake ACD that verifies webhook signatures: what they received is what we check.
 */
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { ackCode } from '../stages/plans/index.js';
import { api, TOKENS, waitUntil } from './support/env.js';
import { AUTH_TOKEN, phoneOf, traffic, usePlanWorld } from './support/plan-world.js';

describe('a surge to red and back', () => {
  const { prefix, world: env } = usePlanWorld('plans');

  it('alerts each contact once per level, activates seats, re-routes, then undoes it all', async () => {
    const { fakeTwilio, fakeAcd, config, base } = env;
    const t = traffic(prefix);
    await api(base).postEvents(t.spare());
    // The idle agents elsewhere are in the live figures before the surge starts (as they would be).
    await waitUntil(async () => {
      const m = (await (await api(base).get('/v1/metrics/centre:shanghai')).json()) as { scope: { agents: { available: number } } };
      return m.scope.agents.available === 10;
    }, 'the idle agents in the figures');
    await api(base).postEvents(t.queue(9));
    const incidentId = await waitUntil(async () => {
      const { incidents } = (await (await api(base).get('/v1/incidents')).json()) as { incidents: { id: string; level: string }[] };
      return incidents.find((i) => i.level === 'red')?.id;
    }, 'a red incident');

    // Straight to red runs yellow, orange and red: one SMS per contact per level…
    await waitUntil(() => fakeAcd.received.some((w) => w.json.type === 'routing.changed'), 'the routing change');
    await waitUntil(() => fakeTwilio.messages.length >= 5, 'the alerts and call-outs');
    await new Promise((r) => setTimeout(r, 1000)); // nothing more should come
    const to = fakeTwilio.messages.map((m) => m.To);
    expect(to.filter((n) => n === phoneOf(config, 'li-wei'))).toHaveLength(1); // duty manager, yellow
    expect(to.filter((n) => n === phoneOf(config, 'chen-jie'))).toHaveLength(1); // emergency echelon, orange
    expect(to).not.toContain(phoneOf(config, 'zhang-min')); // nobody escalated to yet
    const alert = fakeTwilio.messages.find((m) => m.To === phoneOf(config, 'li-wei'))!;
    expect(alert.Body).toContain(ackCode(incidentId));
    expect(alert.From).toBe('+15005550006');
    expect(alert.StatusCallback).toBe(`${config.server.publicUrl}/v1/twilio/status`);

    // …seats sized by Erlang C (capped at 3), and one signed routing change.
    const activate = fakeAcd.received.filter((w) => w.json.type === 'seats.activate');
    expect(activate).toHaveLength(1);
    const seats = activate[0]!.json.data as { count: number; people: { id: string }[]; reason: string };
    expect(seats.count).toBeGreaterThan(0);
    expect(seats.count).toBeLessThanOrEqual(3);
    expect(seats.reason).toMatch(/auto/);
    for (const person of seats.people) expect(to.filter((n) => n === phoneOf(config, person.id))).toHaveLength(1);
    // The call-outs name the standby roster in English and as a note; the alerts name their group only.
    const { messages } = (await (await api(base).get('/v1/sms?limit=50', TOKENS.dispatcher)).json()) as { messages: { group?: string; groupNote?: unknown }[] };
    const callOuts = messages.filter((m) => m.groupNote !== undefined);
    expect(callOuts).toHaveLength(seats.count);
    for (const m of callOuts) expect(m).toMatchObject({ group: expect.stringMatching(/^wuhan \w+ standby$/), groupNote: { code: 'sms.standbyRoster', params: { centre: 'wuhan' } } });
    expect(messages.filter((m) => m.groupNote === undefined).every((m) => m.group !== undefined && !m.group.endsWith('standby'))).toBe(true);
    const routing = fakeAcd.received.filter((w) => w.json.type === 'routing.changed');
    expect(routing).toHaveLength(1);
    const change = routing[0]!.json.data as { from: string; to: { centre: string; share: number }[] };
    expect(change.from).toBe('wuhan');
    expect(change.to.map((x) => x.centre).sort()).toEqual(['hangzhou', 'shanghai']);
    expect(change.to.reduce((a, x) => a + x.share, 0)).toBeCloseTo(0.3, 6);
    expect(fakeAcd.rejected).toBe(0);
    const inForce = (await (await api(base).get('/v1/routing', TOKENS.acd)).json()) as { inForce: { reason: string; reasonNote?: { code: string } }[] };
    expect(inForce.inForce).toHaveLength(1);
    // The routing in force gives its reason as a note too; the ACD's webhook carries the English only.
    expect(inForce.inForce[0]).toMatchObject({ reason: expect.stringMatching(/^30% of wuhan /), reasonNote: { code: 'reroute.moved', params: { from: 'wuhan', share: 0.3 } } });
    expect(routing[0]!.json.data).not.toHaveProperty('reasonNote');

    // Each step says what it did in English (`detail`) and as a note a screen words in its own language.
    type Said = { kind: string; state: string; detail: string; note?: { code: string; params: Record<string, string | number> }; preview?: { centres: { centre: string; role: string }[] } };
    const said = await waitUntil(async () => {
      const { steps } = (await (await api(base).get(`/v1/plan-steps?incident=${incidentId}`, TOKENS.dispatcher)).json()) as { steps: Said[] };
      return steps.length > 0 && steps.every((s) => s.state === 'done') && steps;
    }, 'every step done');
    const rerouted = said.find((s) => s.kind === 'reroute')!;
    expect(rerouted.detail).toMatch(/^re-routed \d+% to /);
    expect(rerouted.note).toEqual({ code: 'step.rerouted', params: Object.fromEntries(change.to.flatMap((x, i) => [[`centre${i + 1}`, x.centre], [`share${i + 1}`, x.share]])) });
    // Steps that move traffic or agents keep the plan preview of the moment they ran: the centre in trouble, then the ones taking its traffic.
    expect(rerouted.preview?.centres.map((c) => [c.centre, c.role])).toEqual([['wuhan', 'from'], ...change.to.map((x) => [x.centre, 'to'])]);
    expect(said.find((s) => s.kind === 'activateSeats')!.preview?.centres[0]).toMatchObject({ centre: 'wuhan', role: 'from' });
    expect(said.find((s) => s.kind === 'activateSeats')!.note).toMatchObject({ code: 'step.seatsActivated', params: { count: seats.count, reason: seats.reason, reasonCode: 'seats.chosen', autoGap: expect.any(Number) } });
    expect(said.filter((s) => s.kind === 'notify').map((s) => s.note?.code)).toEqual(said.filter((s) => s.kind === 'notify').map(() => 'step.alerting'));

    // The duty manager answers the SMS: a signed inbound webhook acknowledges the incident.
    const inboundUrl = `${config.server.publicUrl}/v1/twilio/inbound`;
    const params = { From: phoneOf(config, 'li-wei'), Body: `ACK ${ackCode(incidentId)}`, MessageSid: 'SM1' };
    const forged = await fetch(`${base}/v1/twilio/inbound`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' }, body: new URLSearchParams(params).toString() });
    expect(forged.status).toBe(403);
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, inboundUrl, params);
    const reply = await fetch(`${base}/v1/twilio/inbound`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain(`Acknowledged ${incidentId}`);
    const acknowledged = (await (await api(base).get(`/v1/incidents/${incidentId}`)).json()) as { incident: { acknowledged: { by: string } } };
    expect(acknowledged.incident.acknowledged.by).toBe('Li Wei (SMS)');

    // Everyone answered: the level falls; seats are released and routing restored, once each.
    await api(base).postEvents(t.answer(9));
    await waitUntil(() => fakeAcd.received.some((w) => w.json.type === 'seats.release'), 'the seats released');
    await waitUntil(() => fakeAcd.received.filter((w) => w.json.type === 'routing.changed').length === 2, 'the routing restored');
    const restore = fakeAcd.received.filter((w) => w.json.type === 'routing.changed')[1]!.json.data as { to: unknown[]; restore: boolean };
    expect(restore).toMatchObject({ to: [], restore: true });
    const released = fakeAcd.received.find((w) => w.json.type === 'seats.release')!.json.data as { count: number };
    expect(released.count).toBe(seats.count);
    expect(((await (await api(base).get('/v1/routing', TOKENS.acd)).json()) as { inForce: unknown[] }).inForce).toHaveLength(0);
    expect(((await (await api(base).get('/v1/seats')).json()) as { seats: unknown[] }).seats).toHaveLength(0);
    // Stable webhook ids: every delivery has its own, none repeated.
    const ids = fakeAcd.received.map((w) => w.json.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);
});

describe('a centre the dispatcher declared in trouble', () => {
  const { prefix, world: env } = usePlanWorld('plans-declared');

  it('takes no re-routed traffic while another centre with room is at normal', async () => {
    const { fakeAcd, base } = env;
    const t = traffic(prefix);
    await api(base).postEvents(t.spare());
    await waitUntil(async () => {
      const figures = await Promise.all(['hangzhou', 'shanghai'].map(async (c) => ((await (await api(base).get(`/v1/metrics/centre:${c}`)).json()) as { scope: { agents: { available: number } } }).scope.agents.available));
      return figures.every((n) => n === 10);
    }, 'the idle agents in the figures');
    // A typhoon warning: the dispatcher holds Shanghai at orange, though its figures raise no rule.
    const declared = await fetch(`${base}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'severe_weather', centre: 'shanghai', level: 'orange', note: 'typhoon warning' }),
    });
    expect(declared.status).toBe(201);

    await api(base).postEvents(t.queue(9));
    const fromWuhan = () => fakeAcd.received.filter((w) => w.json.type === 'routing.changed' && (w.json.data as { from: string }).from === 'wuhan');
    await waitUntil(() => fromWuhan().length > 0, "Wuhan's routing change");
    const change = fromWuhan()[0]!.json.data as { to: { centre: string; share: number }[]; reason: string };
    expect(change.to).toEqual([{ centre: 'hangzhou', share: 0.3 }]);
    expect(change.reason).toMatch(/passed over shanghai: gap -\d+ at orange$/);
  }, 60_000);
});
