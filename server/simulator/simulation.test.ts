import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { AGENT_STATES, EVENT_TYPES, type CanonicalEvent } from '../stages/ingest/contract.js';
import { topologyOf } from '../stages/ingest/topology.js';
import { validateEvent } from '../stages/ingest/validate.js';
import { requiredAgents } from '../stages/metrics/staffing/index.js';
import { createSimulation } from './simulation.js';

const config = loadConfig(fileURLToPath(new URL('../../surge.config.yaml', import.meta.url)), {});
const MIN = 60_000;
// 10:00 in Hangzhou, Shanghai and Wuhan: the morning peak.
const PEAK = Date.parse('2025-03-04T10:00:00+08:00');
const NIGHT = Date.parse('2025-03-04T03:00:00+08:00');

function run(options: { seed?: number; startMs?: number; minutes: number; steps?: number[] }): CanonicalEvent[] {
  const startMs = options.startMs ?? PEAK;
  const sim = createSimulation({ config, scenario: 'normal', seed: options.seed ?? 11, startMs });
  if (!options.steps) return sim.advance(startMs + options.minutes * MIN);
  return options.steps.flatMap((t) => sim.advance(startMs + t));
}

const hour = run({ minutes: 60 });

describe('simulation: determinism', () => {
  it('gives the same events for the same seed and different ones for another', () => {
    expect(run({ minutes: 20 })).toEqual(hour.filter((e) => e.ts <= PEAK + 20 * MIN));
    expect(run({ minutes: 20, seed: 12 })).not.toEqual(run({ minutes: 20 }));
  });

  it('does not depend on how time is sliced', () => {
    const steps = [0, 1, 999, 1000, 45_000, 45_001, 3 * MIN, 7 * MIN + 17, 20 * MIN];
    expect(run({ minutes: 20, steps })).toEqual(run({ minutes: 20 }));
  });
});

describe('simulation: events', () => {
  it('emits only events the ingest validator accepts, with unique ids, in time order', () => {
    const topology = topologyOf(config);
    const failures = hour.map((e) => validateEvent(e, topology, { maxAgeSec: 0, maxFutureSkewSec: 0 })).filter((v) => !v.ok);
    expect(failures).toEqual([]);
    expect(new Set(hour.map((e) => e.id)).size).toBe(hour.length);
    expect(hour.every((e, i) => i === 0 || e.ts >= (hour[i - 1] as CanonicalEvent).ts)).toBe(true);
    // Every type but those a simulated ACD has no use for (snapshots, transfers) or that belong to a scenario (faults) or the driver (heartbeats).
    const absent = new Set(['queue.snapshot', 'contact.transferred', 'system.fault', 'source.heartbeat']);
    expect(new Set(hour.map((e) => e.type))).toEqual(new Set(EVENT_TYPES.filter((t) => !absent.has(t))));
  });

  it('takes every inbound contact through queued → answered → completed or queued → abandoned, with consistent times', () => {
    const queued = new Map<string, CanonicalEvent & { type: 'contact.queued' }>();
    const answered = new Map<string, CanonicalEvent & { type: 'contact.answered' }>();
    for (const e of hour) {
      if (e.type === 'contact.queued') {
        expect(queued.has(e.contactId)).toBe(false);
        queued.set(e.contactId, e);
      } else if (e.type === 'contact.answered' || e.type === 'contact.abandoned') {
        const q = queued.get(e.contactId);
        expect(q?.queue).toBe(e.queue);
        expect(e.waitSec! * 1000).toBeCloseTo(e.ts - q!.ts, 6);
        if (e.type === 'contact.answered') answered.set(e.contactId, e);
        queued.delete(e.contactId);
      } else if (e.type === 'contact.completed' && e.direction !== 'outbound') {
        const a = answered.get(e.contactId);
        expect(a?.agentId).toBe(e.agentId);
        expect((e.handleSec + e.acwSec!) * 1000).toBeCloseTo(e.ts - a!.ts, 6);
        answered.delete(e.contactId);
      }
    }
  });

  it('reports agents with seat type and skills of their own centre, mostly on site, none on backup seats', () => {
    const states = hour.filter((e) => e.type === 'agent.state');
    const seats = new Map<string, number>();
    for (const e of states) {
      const queues = config.centres.find((c) => c.id === e.centre)!.queues.map((q) => q.id);
      expect(e.skills!.length).toBeGreaterThan(0);
      expect(e.skills!.every((s) => queues.includes(s))).toBe(true);
      if (e.state !== 'logged_out') seats.set(e.seatType, (seats.get(e.seatType) ?? 0) + 1);
    }
    const total = [...seats.values()].reduce((a, b) => a + b, 0);
    expect(seats.get('onsite')! / total).toBeGreaterThan(0.6);
    expect(seats.get('home')! / total).toBeGreaterThan(0.05);
    expect(seats.get('phone_im')).toBeGreaterThan(0);
    expect(seats.get('backup')).toBeUndefined();
  });

  it('includes after-call work, breaks, shift ends and IVR calls', () => {
    const states = new Set(hour.flatMap((e) => (e.type === 'agent.state' ? [e.state] : [])));
    expect(states).toEqual(new Set(AGENT_STATES));
    expect(hour.some((e) => e.type === 'ivr.port' && e.state === 'in_call' && e.callId !== undefined)).toBe(true);
  });
});

describe('simulation: traffic and staffing', () => {
  const sim = createSimulation({ config, scenario: 'normal', seed: 11, startMs: PEAK });
  const queues = config.centres.flatMap((c) => c.queues.map((q) => ({ centre: c.id, queue: q })));

  it.each(queues.map((q) => [`${q.centre}/${q.queue.id}`, q] as const))('offers %s about its configured rate', (_, { centre, queue }) => {
    let expected = 0;
    for (let t = PEAK; t < PEAK + 60 * MIN; t += 1000) expected += sim.arrivalRate(centre, queue.id, t);
    const offered = hour.filter((e) => e.type === 'contact.queued' && e.centre === centre && e.queue === queue.id).length;
    // Poisson: four standard deviations, plus a little for calls still in the IVR at the hour.
    expect(Math.abs(offered - expected)).toBeLessThan(4 * Math.sqrt(expected) + 5);
  });

  it('is quiet at night and busy in the morning', () => {
    const night = createSimulation({ config, scenario: 'normal', seed: 11, startMs: NIGHT });
    expect(night.arrivalRate('hangzhou', 'voice', NIGHT)).toBeLessThan(0.2 * sim.arrivalRate('hangzhou', 'voice', PEAK));
    const nightHour = run({ startMs: NIGHT, minutes: 60 }).filter((e) => e.type === 'contact.queued').length;
    expect(nightHour).toBeLessThan(0.25 * hour.filter((e) => e.type === 'contact.queued').length);
  });

  it('puts on shift about what Erlang C asks for at the start', () => {
    const firstShift = hour.filter((e) => e.type === 'agent.state' && e.ts === PEAK && e.state === 'available');
    for (const centre of config.centres) {
      const needed = centre.queues.reduce(
        (sum, q) =>
          sum +
          requiredAgents({
            arrivalPerSec: sim.arrivalRate(centre.id, q.id, PEAK),
            ahtSec: q.defaultAhtSec,
            target: q.serviceLevel.target,
            thresholdSec: q.serviceLevel.thresholdSec,
          }),
        0,
      );
      const staffed = firstShift.filter((e) => e.centre === centre.id).length;
      expect(staffed).toBeGreaterThanOrEqual(needed);
      expect(staffed).toBeLessThanOrEqual(needed * 1.25 + 3 * centre.queues.length);
    }
  });

  it('keeps a plausible service level and little abandonment on a normal morning', () => {
    const threshold = new Map(config.centres.flatMap((c) => c.queues.map((q) => [`${c.id}/${q.id}`, q.serviceLevel] as const)));
    const tally = new Map<`${string}/${string}`, { within: number; answered: number; abandoned: number }>();
    for (const e of hour) {
      if (e.ts < PEAK + 10 * MIN || (e.type !== 'contact.answered' && e.type !== 'contact.abandoned')) continue;
      const key = `${e.centre}/${e.queue}` as const;
      const t = tally.get(key) ?? { within: 0, answered: 0, abandoned: 0 };
      if (e.type === 'contact.abandoned') t.abandoned++;
      else {
        t.answered++;
        if (e.waitSec! <= threshold.get(key)!.thresholdSec) t.within++;
      }
      tally.set(key, t);
    }
    for (const [key, t] of tally) {
      const sl = t.within / (t.answered + t.abandoned);
      expect(sl, key).toBeGreaterThan(threshold.get(key)!.target - 0.15);
      expect(t.abandoned / (t.answered + t.abandoned), key).toBeLessThan(0.1);
    }
  });
});
