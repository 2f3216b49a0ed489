/**
 * The streams beside the queues (DESIGN.md "Added for the full KPI panorama"): a simulated
 * hour of a normal morning validated event by event, and each stream's proportions against
 * bounds worked out from the constants of its module (comments give the sums).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { CanonicalEvent, EventType } from '../stages/ingest/contract.js';
import { topologyOf } from '../stages/ingest/topology.js';
import { validateEvent } from '../stages/ingest/validate.js';
import type { ScenarioName } from './scenarios.js';
import { createSimulation } from './simulation.js';

const config = loadConfig(fileURLToPath(new URL('../../surge.config.yaml', import.meta.url)), {});
const MIN = 60_000;
const HOUR = 60 * MIN;
// 10:00 in every centre of the demo config: the morning peak.
const PEAK = Date.parse('2025-03-04T10:00:00+08:00');
const WARM_UP = 30 * MIN;

type Of<T extends EventType> = Extract<CanonicalEvent, { type: T }>;
const ofType = <T extends EventType>(events: readonly CanonicalEvent[], type: T) => events.filter((e): e is Of<T> => e.type === type);
const share = (part: number, whole: number) => part / whole;

function run(scenario: ScenarioName, minutes: number, seed = 5): CanonicalEvent[] {
  const sim = createSimulation({ config, scenario, seed, startMs: PEAK, warmUpMs: WARM_UP });
  return sim.advance(PEAK + minutes * MIN);
}

const all = run('normal', 60);
// The hour itself; the half hour before it only gives customers and tickets a past.
const hour = all.filter((e) => e.ts >= PEAK);

describe('service streams: a simulated hour', () => {
  it('emits only events the validator accepts, every panorama type among them', () => {
    const topology = topologyOf(config);
    expect(all.map((e) => validateEvent(e, topology, { maxAgeSec: 0, maxFutureSkewSec: 0 })).filter((v) => !v.ok)).toEqual([]);
    const types = new Set(hour.map((e) => e.type));
    for (const type of ['ticket.created', 'ticket.updated', 'ticket.closed', 'outbound.attempt', 'sms.sent', 'sms.received', 'ivr.call', 'agent.shift'] as const) {
      expect(types, type).toContain(type);
    }
  });

  it('gives completed contacts a customer, a resolution (FCR 70–88 %) and a direction, with 8–25 % repeat callers', () => {
    const completed = ofType(hour, 'contact.completed');
    const inbound = completed.filter((e) => e.direction === 'inbound');
    expect(completed.every((e) => e.customerId !== undefined && e.direction !== undefined)).toBe(true);
    expect(inbound.every((e) => typeof e.resolved === 'boolean')).toBe(true);
    // FCR 0.82, less with a long queue behind (at most 0.12 less): a calm morning sits near 0.8.
    const fcr = share(inbound.filter((e) => e.resolved).length, inbound.length);
    expect(fcr).toBeGreaterThan(0.7);
    expect(fcr).toBeLessThan(0.88);
    // Steady state 0.19 · 0.7 + 0.81 · 0.05 ≈ 17 %; half an hour in, most of the due callbacks have come.
    const seen = new Set(ofType(all.filter((e) => e.ts < PEAK), 'contact.completed').map((e) => e.customerId));
    let repeats = 0;
    for (const e of inbound) {
      if (seen.has(e.customerId)) repeats++;
      seen.add(e.customerId);
    }
    const repeatRate = share(repeats, inbound.length);
    expect(repeatRate).toBeGreaterThan(0.08);
    expect(repeatRate).toBeLessThan(0.25);
  });

  it('dials outbound campaigns of every purpose, connecting 30–50 %, each connected call with an agent and an outbound completion', () => {
    const attempts = ofType(hour, 'outbound.attempt');
    expect(new Set(attempts.map((a) => a.purpose))).toEqual(new Set(['sales', 'service', 'notice']));
    // 0.5 · 0.35 + 0.3 · 0.5 + 0.2 · 0.45 ≈ 0.42.
    const connected = attempts.filter((a) => a.result === 'connected');
    expect(share(connected.length, attempts.length)).toBeGreaterThan(0.3);
    expect(share(connected.length, attempts.length)).toBeLessThan(0.5);
    expect(attempts.every((a) => (a.result === 'connected') === (a.agentId !== undefined))).toBe(true);
    const outbound = new Map(ofType(all, 'contact.completed').filter((e) => e.direction === 'outbound').map((e) => [e.contactId, e]));
    // Calls connected in the last minutes are still being talked.
    for (const a of connected.filter((a) => a.ts < PEAK + 40 * MIN)) {
      const done = outbound.get(a.attemptId);
      expect(done?.agentId, a.attemptId).toBe(a.agentId);
      expect(done!.ts - a.ts).toBeCloseTo((done!.handleSec + done!.acwSec!) * 1000, -1);
      expect(done!.resolved).toBeUndefined();
    }
  });

  it('opens tickets (a quarter of them complaints, due within 24 h, some within the hour), works and closes them, mostly on time', () => {
    const created = new Map(ofType(all, 'ticket.created').map((t) => [t.ticketId, t]));
    const inHour = [...created.values()].filter((t) => t.ts >= PEAK);
    // Complaints: (0.19 · 0.5 · 0.3 + 0.81 · 0.03 · 0.05) ÷ (0.19 · 0.5 + 0.81 · 0.03) ≈ 25 % of contact tickets.
    const complaints = share(inHour.filter((t) => t.kind === 'complaint').length, inHour.length);
    expect(complaints).toBeGreaterThan(0.15);
    expect(complaints).toBeLessThan(0.35);
    expect(inHour.every((t) => t.dueAt! > t.ts && t.dueAt! <= t.ts + 24 * HOUR)).toBe(true);
    expect(inHour.some((t) => t.dueAt! <= t.ts + HOUR)).toBe(true);
    const closed = ofType(hour, 'ticket.closed');
    for (const e of [...closed, ...ofType(hour, 'ticket.updated')]) expect(created.get(e.ticketId)?.ts).toBeLessThanOrEqual(e.ts);
    const onTime = share(closed.filter((c) => c.ts <= created.get(c.ticketId)!.dueAt!).length, closed.length);
    expect(onTime).toBeGreaterThan(0.7);
    expect(onTime).toBeLessThan(1);
    expect(new Set(ofType(hour, 'ticket.updated').map((u) => u.status))).toEqual(new Set(['in_progress', 'waiting_customer', 'customer_replied']));
  });

  it('sends notices, replies and proactive texts and receives texts, most of them answered', () => {
    const sent = ofType(hour, 'sms.sent');
    expect(new Set(sent.map((s) => s.purpose))).toEqual(new Set(['notice', 'reply', 'proactive']));
    const received = ofType(hour, 'sms.received').length;
    const replies = sent.filter((s) => s.purpose === 'reply').length;
    // 90 % get a reply within 5 minutes.
    expect(replies).toBeGreaterThan(0.75 * received);
    expect(replies).toBeLessThan(1.05 * received);
  });

  it('takes IVR callers in → transferred (then queued) or ended (containment 40–60 %) or error, on ports that show the call', () => {
    const calls = ofType(hour, 'ivr.call');
    const count = (phase: string) => calls.filter((c) => c.phase === phase).length;
    // 1.05 · 0.96 self-served per transfer: contained ÷ (contained + transferred) ≈ 50 %.
    const containment = share(count('ended'), count('ended') + count('transferred'));
    expect(containment).toBeGreaterThan(0.4);
    expect(containment).toBeLessThan(0.6);
    // 4 % of self-service calls fail.
    expect(count('error')).toBeGreaterThan(0);
    expect(count('error')).toBeLessThan(0.1 * count('ended'));

    const ports = new Map<string, Of<'ivr.port'>>();
    const open = new Map<string, Of<'ivr.call'>>();
    const queued = new Set(ofType(all, 'contact.queued').map((q) => q.contactId));
    for (const e of all) {
      if (e.type === 'ivr.port') ports.set(`${e.centre}/${e.port}`, e);
      if (e.type !== 'ivr.call') continue;
      const port = `${e.centre}/${e.port}`;
      if (e.phase === 'entered') {
        expect(ports.get(port)?.state, port).toBe('idle');
        open.set(e.callId, e);
      } else {
        // The port carried this call, in its menu, until now.
        expect(ports.get(port), port).toMatchObject({ state: 'in_call', callId: e.callId, menu: open.get(e.callId)!.menu });
        open.delete(e.callId);
        if (e.phase === 'transferred') expect(queued.has(e.callId), e.callId).toBe(true);
        else expect(queued.has(e.callId), e.callId).toBe(false);
      }
    }
  });

  it('publishes each quarter hour’s schedule, with a few scheduled agents who never come (attendance 90–98 %)', () => {
    const at = PEAK + 37.5 * MIN;
    const attendance = attendanceAt(all, at);
    expect(attendance.scheduled).toBeGreaterThan(100);
    // Each centre's absence is 3–8 % of those scheduled; everyone else logged in within a minute of the plan.
    expect(attendance.rate).toBeGreaterThan(0.9);
    expect(attendance.rate).toBeLessThan(0.98);
  });
});

describe('service streams under trouble', () => {
  it('keeps agents an outage throws out on the schedule, so attendance falls while it lasts', () => {
    // The outage runs from minute 3 to 7 and drops 80 % of the first centre's agents.
    const events = run('outage', 6).filter((e) => e.centre === 'hangzhou');
    expect(attendanceAt(events, PEAK + 2 * MIN).rate).toBeGreaterThan(0.9);
    expect(attendanceAt(events, PEAK + 6 * MIN).rate).toBeLessThan(0.4);
  });

  it('grows the first centre’s ticket backlog during a surge more than on a normal morning', () => {
    const growth = (scenario: ScenarioName) => {
      const events = run(scenario, 10, 1).filter((e) => e.centre === 'hangzhou');
      const openAt = (t: number) =>
        ofType(events, 'ticket.created').filter((e) => e.ts <= t).length - ofType(events, 'ticket.closed').filter((e) => e.ts <= t).length;
      return openAt(PEAK + 10 * MIN) - openAt(PEAK);
    };
    expect(growth('surge')).toBeGreaterThan(growth('normal') + 5);
  });
});

/** attendanceAt: agents whose latest shift covers `at`, and the share of them logged in then. */
function attendanceAt(events: readonly CanonicalEvent[], at: number): { scheduled: number; rate: number } {
  const shifts = new Map<string, Of<'agent.shift'>>();
  const states = new Map<string, Of<'agent.state'>>();
  for (const e of events) {
    if (e.ts > at) break;
    if (e.type === 'agent.shift') shifts.set(e.agentId, e);
    if (e.type === 'agent.state') states.set(e.agentId, e);
  }
  const scheduled = [...shifts.values()].filter((s) => s.start <= at && at < s.end);
  const present = scheduled.filter((s) => (states.get(s.agentId)?.state ?? 'logged_out') !== 'logged_out');
  return { scheduled: scheduled.length, rate: share(present.length, scheduled.length) };
}
