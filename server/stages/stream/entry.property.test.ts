/**
 * Whatever a stream holds, the reader hands the engine only events it can take: a line readEvent accepts never
 * makes the engine throw. A step that throws fails again on every retry, and the pipeline (figures, rules,
 * alerts) would stall behind that one line. The lines are a valid event of every type, mangled: fields dropped,
 * replaced by any JSON value (strings that name no queue or contact included), or added.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../test/support/env.js';
import {
  AGENT_STATES,
  CONTACT_DIRECTIONS,
  EVENT_TYPES,
  FAULT_SEVERITIES,
  IVR_CALL_PHASES,
  IVR_PORT_STATES,
  OUTBOUND_PURPOSES,
  OUTBOUND_RESULTS,
  SEAT_TYPES,
  SMS_PURPOSES,
  TICKET_KINDS,
  type CanonicalEvent,
  type EventType,
} from '../ingest/contract.js';
import { topologyOf } from '../ingest/topology.js';
import { validateEvent } from '../ingest/validate.js';
import { MetricsEngine } from '../metrics/engine.js';
import { readEvent } from './entry.js';

const RUNS = 1500;
const config = demoConfig('entry-property');
const centre = 'hangzhou';
// A fixed instant: the engine is pure, nothing here meets a TTL.
const now = Date.parse('2026-03-02T02:00:00Z');
const hour = 3_600_000;

/** One valid event of each type, every optional field given. */
const SAMPLES: Record<EventType, Record<string, unknown>> = {
  'contact.queued': { contactId: 'c1', queue: 'voice', media: 'voice', priority: 1 },
  'contact.answered': { contactId: 'c1', queue: 'voice', agentId: 'a1', waitSec: 3 },
  'contact.abandoned': { contactId: 'c2', queue: 'voice', waitSec: 5 },
  'contact.transferred': { contactId: 'c1', queue: 'voice', toQueue: 'voice-vip', toCentre: 'shanghai' },
  'contact.completed': { contactId: 'c1', queue: 'voice', agentId: 'a1', handleSec: 120, acwSec: 10, customerId: 'k1', resolved: true, direction: CONTACT_DIRECTIONS[0] },
  'agent.state': { agentId: 'a1', state: AGENT_STATES[1], seatType: SEAT_TYPES[0], skills: ['voice', 'chat'], reason: 'back' },
  'queue.snapshot': { queue: 'chat', media: 'chat', waiting: 3, longestWaitSec: 40, agents: { staffed: 5, available: 1, onContact: 3, acw: 1, aux: 0 } },
  'ivr.port': { port: 'ivr-01', state: IVR_PORT_STATES[1], callId: 'v1', menu: 'main', error: 'none' },
  'system.fault': { component: 'acd', severity: FAULT_SEVERITIES[2], message: 'link down' },
  'source.heartbeat': { source: 'cti' },
  'ticket.created': { ticketId: 't1', kind: TICKET_KINDS[0], queue: 'email', dueAt: now + hour },
  'ticket.updated': { ticketId: 't1', status: 'in_progress' },
  'ticket.closed': { ticketId: 't1' },
  'outbound.attempt': { attemptId: 'o1', campaign: 'renewals', purpose: OUTBOUND_PURPOSES[0], result: OUTBOUND_RESULTS[0], agentId: 'a1' },
  'sms.sent': { messageId: 'm1', purpose: SMS_PURPOSES[0] },
  'sms.received': { messageId: 'm2', purpose: SMS_PURPOSES[1] },
  'ivr.call': { callId: 'v1', phase: IVR_CALL_PHASES[0], port: 'ivr-01', menu: 'main', error: 'none' },
  'agent.shift': { agentId: 'a1', start: now - hour, end: now + hour, seatType: SEAT_TYPES[1] },
};

const sample = (type: EventType, i: number): Record<string, unknown> => ({ id: `s-${i}`, type, ts: now - 60_000 + i, centre, source: 'cti', ...SAMPLES[type] });

/** An engine that has seen one of each, so that the contacts, agents, ports and tickets named exist. */
function seenEngine(): MetricsEngine {
  const engine = new MetricsEngine(config);
  EVENT_TYPES.forEach((type, i) => engine.apply(sample(type, i) as unknown as CanonicalEvent));
  return engine;
}

const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('voice', 'chat', 'nowhere', 'c1', 'c9', 'a1', 'a9', 'ivr-01', 't1', '', '__proto__', 'constructor'),
  fc.constantFrom(0, -1, 0.5, 1e9, 1e300, -1e300, now, now + 10 * hour, Number.MAX_SAFE_INTEGER),
  fc.constantFrom([], [''], ['voice', 7], {}, { staffed: -1 }, { staffed: 'x' }, null, true),
);
const fieldName = (type: EventType) => fc.constantFrom(...Object.keys(sample(type, 0)), 'extra', '__proto__', 'toString');
const mutation = (type: EventType) => fc.oneof(fieldName(type).map((field) => ({ field })), fc.tuple(fieldName(type), anyValue).map(([field, value]) => ({ field, value })));
const mangled = fc.constantFrom(...EVENT_TYPES).chain((type) => fc.tuple(fc.constant(type), fc.array(mutation(type), { minLength: 1, maxLength: 4 })));

describe('a line the stream reader accepts never makes the engine throw', () => {
  it('accepts the valid event of every type as the validator does', () => {
    const topology = topologyOf(config);
    EVENT_TYPES.forEach((type, i) => {
      const event = sample(type, i);
      expect(validateEvent(event, topology, { maxAgeSec: 0, maxFutureSkewSec: 0 })).toMatchObject({ ok: true });
      expect(readEvent(JSON.stringify(event), centre)).toEqual({ event });
    });
  });

  it('refuses, with the field named, the lines the engine could not take (a foreign XADD of id, type, ts and centre only)', () => {
    const bare = (type: EventType) => readEvent(JSON.stringify({ id: 'x', type, ts: now, centre }), centre);
    expect(bare('contact.answered')).toEqual({ error: 'stream entry x is not a canonical event: contact.answered needs contactId' });
    expect(bare('agent.state')).toEqual({ error: 'stream entry x is not a canonical event: agent.state needs agentId' });
    expect(bare('queue.snapshot')).toEqual({ error: 'stream entry x is not a canonical event: queue.snapshot needs queue' });
    // Times inside the event are epoch milliseconds in the stream, as ingest writes them.
    const isoShift = { ...sample('agent.shift', 0), start: new Date(now - hour).toISOString() };
    expect(readEvent(JSON.stringify(isoShift), centre)).toEqual({ error: 'stream entry s-0 is not a canonical event: start must be epoch milliseconds' });
    for (const type of EVENT_TYPES) expect(bare(type)).toHaveProperty('error');
    // Only the times a type declares are judged: another type's `dueAt` is an unknown field, kept as sent.
    const fault = { ...sample('system.fault', 0), dueAt: 0 };
    expect(readEvent(JSON.stringify(fault), centre)).toEqual({ event: fault });
  });

  it(`applies, figures, saves and restores every mangled line it accepts (${RUNS} runs)`, () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(mangled, ([type, mutations]) => {
        const event = sample(type, 100);
        for (const m of mutations) {
          if ('value' in m) event[m.field] = m.value;
          else delete event[m.field];
        }
        const read = readEvent(JSON.stringify(event), centre);
        if (!('event' in read)) {
          seen.refused++;
          return;
        }
        seen.accepted++;
        const engine = seenEngine();
        engine.apply(read.event);
        engine.apply({ ...read.event, id: 'again', ts: read.event.ts + 1000 });
        engine.snapshot(now + 2000);
        engine.prune(now + 30 * hour);
        const restored = new MetricsEngine(config);
        restored.restore(centre, JSON.parse(JSON.stringify(engine.save(centre))));
        restored.snapshot(now + 30 * hour);
      }),
      { numRuns: RUNS },
    );
    // Both sides were met, many times: the property was not vacuous.
    expect(seen.accepted).toBeGreaterThan(RUNS / 10);
    expect(seen.refused).toBeGreaterThan(RUNS / 10);
  });
});
