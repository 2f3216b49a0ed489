import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import type { CanonicalEvent } from '../ingest/contract.js';
import { compileCondition } from '../rules/condition.js';
import { holds, readValues } from '../rules/evaluate.js';
import { panoramaEvents, PANORAMA_COSTS, READ_AFTER_MS } from '../../test/support/panorama.js';
import { MetricsEngine } from './engine.js';
import { replayEvents } from './replay.js';
import { MAX_OPEN_TICKETS } from './tickets.js';

const CONFIG = `centres:
  - id: hangzhou
    region: east
    timezone: Asia/Shanghai
    queues:
      - { id: voice, media: voice }
      - { id: chat, media: chat }
costs: ${JSON.stringify(PANORAMA_COSTS)}
`;
const config = parseConfig(CONFIG, 'panorama.yaml');
const base = Date.parse('2026-11-23T02:00:00Z'); // 10:00 in Hangzhou
const ndjson = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');
const engineWith = (events: object[]) => replayEvents(ndjson(events), config).engine;
const s = (sec: number) => base + sec * 1000;
const ev = (id: string, sec: number, type: string, fields: Record<string, unknown>) => ({ id, type, ts: s(sec), centre: 'hangzhou', ...fields });

describe('offered is never less than answered + abandoned', () => {
  // Any sequence of queue events, for a few contacts and both queues, around a midnight (16:00 UTC in Hangzhou).
  const midnight = Date.parse('2026-11-23T16:00:00Z');
  const event = fc.record({
    type: fc.constantFrom('contact.queued', 'contact.answered', 'contact.abandoned', 'contact.transferred', 'contact.completed'),
    contact: fc.integer({ min: 1, max: 6 }),
    queue: fc.constantFrom('voice', 'chat'),
    offsetSec: fc.integer({ min: -1800, max: 1800 }),
    waitSec: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: undefined }),
  });

  it('holds per queue for today, for any sequence of events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (spec) => {
        const engine = new MetricsEngine(config);
        let latest = 0;
        spec.forEach((e, i) => {
          const ts = midnight + e.offsetSec * 1000;
          latest = Math.max(latest, ts);
          const common = { id: `e${i}`, ts, centre: 'hangzhou', contactId: `k${e.contact}`, queue: e.queue };
          const typed =
            e.type === 'contact.queued'
              ? { ...common, type: e.type, media: e.queue }
              : e.type === 'contact.transferred'
                ? { ...common, type: e.type, toQueue: e.queue === 'voice' ? 'chat' : 'voice' }
                : e.type === 'contact.completed'
                  ? { ...common, type: e.type, agentId: 'a1', handleSec: 60 }
                  : { ...common, type: e.type, agentId: 'a1', ...(e.waitSec === undefined ? {} : { waitSec: e.waitSec }) };
          engine.apply(typed as CanonicalEvent);
        });
        const m = engine.snapshot(latest);
        for (const q of ['voice', 'chat']) {
          const today = m[`queue:hangzhou/${q}`]!.windows.today;
          expect(today.offered).toBeGreaterThanOrEqual(today.answered + today.abandoned);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('counts a contact first seen at its answer as offered at its queue time, once', () => {
    const engine = engineWith([
      ev('a', 600, 'contact.answered', { contactId: 'k1', queue: 'voice', agentId: 'a1', waitSec: 420 }),
      ev('q', 180, 'contact.queued', { contactId: 'k1', queue: 'voice', media: 'voice' }), // the late arrival: not again
    ]);
    // Offered at 600 − 420 = 180 s: outside the 5-minute window read at 600 s (from 300 s), inside the 15-minute one.
    const voice = engine.snapshot(s(600))['queue:hangzhou/voice']!;
    expect(voice.windows['5m']).toMatchObject({ offered: 0, answered: 1 });
    expect(voice.windows['15m']).toMatchObject({ offered: 1, answered: 1, asaSec: 420 });
    expect(voice.waiting).toBe(0);
  });

  it('carries a contact waiting since yesterday into today’s offered', () => {
    const engine = engineWith([
      { id: 'q', type: 'contact.queued', ts: midnight - 30_000, centre: 'hangzhou', contactId: 'k1', queue: 'voice', media: 'voice' },
      { id: 'a', type: 'contact.answered', ts: midnight + 30_000, centre: 'hangzhou', contactId: 'k1', queue: 'voice', agentId: 'a1' },
    ]);
    const m = engine.snapshot(midnight + 60_000)['queue:hangzhou/voice']!;
    expect(m.windows.today).toMatchObject({ offered: 1, answered: 1 });
    expect(m.windows['15m']).toMatchObject({ offered: 1, answered: 1 });
  });
});

describe('checkpoints of the panorama', () => {
  it('restore then more events gives the state of no restore', () => {
    const events = panoramaEvents(base, 'p');
    for (const cut of [7, 20, 33, events.length - 3]) {
      const whole = engineWith(events);
      const first = replayEvents(ndjson(events.slice(0, cut)), config).engine;
      const restored = new MetricsEngine(config);
      restored.restore('hangzhou', JSON.parse(JSON.stringify(first.save('hangzhou'))));
      for (const e of replayEvents(ndjson(events.slice(cut)), config).events) restored.apply(e);
      expect(restored.save('hangzhou')).toEqual(whole.save('hangzhou'));
      expect(restored.snapshot(s(120))).toEqual(whole.snapshot(s(120)));
    }
  });

  it('writes shifts as [agentId, start, end] and still reads the [key, shift] pairs of older checkpoints', () => {
    const engine = engineWith(panoramaEvents(base, 'p'));
    const saved = engine.save('hangzhou');
    expect(saved.shifts!.length).toBeGreaterThan(0);
    const old = { ...saved, shifts: saved.shifts!.map(([agentId, start, end]) => [`${String(agentId)}\u0000${String(start)}`, { agentId, start, end }]) } as typeof saved;
    const restored = new MetricsEngine(config);
    restored.restore('hangzhou', old);
    expect(restored.save('hangzhou')).toEqual(saved);
    expect(restored.snapshot(s(120))).toEqual(engine.snapshot(s(120)));
  });

  it('restores checkpoints written before the panorama with none of it', () => {
    const old = engineWith(panoramaEvents(base, 'p')).save('hangzhou');
    for (const key of ['skills', 'tickets', 'ivrCalls', 'ivrNow', 'ivrPeak', 'shifts', 'customers'] as const) delete old[key];
    const engine = new MetricsEngine(config);
    engine.restore('hangzhou', old);
    const m = engine.snapshot(s(120))['centre:hangzhou']!;
    expect(m.backlog.open).toBe(0);
    expect(m.windows['15m'].completed).toBe(4);
  });
});

describe('IVR calls told out of order', () => {
  it('takes a containment back when the transfer turns up after the end', () => {
    const engine = engineWith([
      ev('e', 0, 'ivr.call', { callId: 'v1', phase: 'entered' }),
      ev('x', 30, 'ivr.call', { callId: 'v1', phase: 'ended' }),
      ev('t', 20, 'ivr.call', { callId: 'v1', phase: 'transferred' }),
      ev('x2', 31, 'ivr.call', { callId: 'v1', phase: 'ended' }),
    ]);
    const w = engine.snapshot(s(60))['centre:hangzhou']!.windows['15m'];
    expect(w).toMatchObject({ ivrEntered: 1, ivrTransferred: 1, ivrContained: 0, containmentRate: 0, costedContacts: 0, cost: 0 });
  });

  it('counts a call seen only ending as contained, and its late entry once', () => {
    const engine = engineWith([
      ev('x', 30, 'ivr.call', { callId: 'v1', phase: 'ended' }),
      ev('e', 0, 'ivr.call', { callId: 'v1', phase: 'entered' }),
      ev('e2', 1, 'ivr.call', { callId: 'v1', phase: 'entered' }),
    ]);
    const m = engine.snapshot(s(60))['centre:hangzhou']!;
    expect(m.windows['15m']).toMatchObject({ ivrEntered: 1, ivrContained: 1, containmentRate: 1 });
    expect(m.ivr).toMatchObject({ callsNow: 0, peakToday: 0 });
  });
});

describe('bounded memory', () => {
  it('forgets the longest-known ticket past MAX_OPEN_TICKETS', () => {
    const engine = new MetricsEngine(config);
    for (let i = 0; i <= MAX_OPEN_TICKETS; i++) engine.apply({ id: `t${i}`, type: 'ticket.created', ts: s(i % 100), centre: 'hangzhou', ticketId: `t${i}`, kind: 'request' });
    const m = engine.snapshot(s(100))['centre:hangzhou']!;
    expect(m.backlog.open).toBe(MAX_OPEN_TICKETS);
    expect(m.windows['15m'].ticketsCreated).toBe(MAX_OPEN_TICKETS + 1);
  });

  it('forgets shifts an hour after they end', () => {
    const engine = engineWith([ev('s', 0, 'agent.shift', { agentId: 'a1', start: s(-7200), end: s(-3600) })]);
    expect(engine.save('hangzhou').shifts).toHaveLength(1);
    expect(engine.prune(s(1))).toEqual(['hangzhou']);
    expect(engine.save('hangzhou').shifts).toEqual([]);
  });
});

describe('rules on the panorama', () => {
  it('evaluates conditions on FCR, overdue tickets and attendance against the engine’s figures', () => {
    const m = engineWith(panoramaEvents(base, 'p')).snapshot(base + READ_AFTER_MS)['centre:hangzhou']!;
    const check = (source: string) => {
      const compiled = compileCondition(source);
      if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('; '));
      return holds(compiled.condition, readValues(compiled.condition.metrics, m));
    };
    // fcr today 2/3 ≈ 66.7 %; 1 overdue ticket; attendance 2/3; cost per contact 0.302 CNY.
    expect(check('fcr.today < 70%')).toBe(true);
    expect(check('fcr.today < 60%')).toBe(false);
    expect(check('backlog.overdue > 10')).toBe(false);
    expect(check('backlog.overdue >= 1')).toBe(true);
    expect(check('attendance.rate < 90%')).toBe(true);
    expect(check('costPerContact.today > 0.3 and containmentRate.today >= 50%')).toBe(true);
    expect(check('ivr.peakToday >= 5 and repeatRate > 30%')).toBe(true);
  });

  it('refuses a percentage against money, and a duration against a count', () => {
    const problems = (source: string) => {
      const c = compileCondition(source);
      return c.ok ? [] : c.errors.map((e) => e.message);
    };
    expect(problems('costPerContact > 50%')).toEqual(['"50%" does not fit costPerContact, which is an amount of money (in the costs currency): compare it with a plain number']);
    expect(problems('backlog.open > 5m')[0]).toMatch(/does not fit backlog.open, which is a count/);
  });
});
