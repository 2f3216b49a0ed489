import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { replayEvents } from './replay.js';
import { MetricsEngine, rollUpScopes, type CentreRollUp } from './engine.js';
import type { MetricsByScope } from './types.js';

const config = parseConfig(readFileSync('server/test/fixtures/small-config.yaml', 'utf8'), 'small-config.yaml');
const events = readFileSync('server/test/fixtures/small-events.ndjson', 'utf8');
const t0 = Date.parse('2026-11-23T10:00:00Z');

describe('metrics over a small hand-computed day', () => {
  const replay = replayEvents(events, config);
  const at = t0 + 240_000;
  const m = replay.engine.snapshot(at);

  it('reads every event', () => {
    expect(replay.problems).toEqual([]);
    expect(replay.events).toHaveLength(20);
  });

  it('counts the voice queue', () => {
    const voice = m['queue:c1/voice']!;
    const w = voice.windows['15m'];
    expect(w).toMatchObject({ offered: 5, answered: 2, abandoned: 2, shortAbandoned: 1, answeredWithinThreshold: 1 });
    // 1 answered within 20 s ÷ (2 answered + 2 abandoned − 1 short abandon)
    expect(w.serviceLevel).toBeCloseTo(1 / 3, 4);
    // (2 abandoned − 1 short) ÷ (5 offered − 1 short)
    expect(w.abandonRate).toBe(0.25);
    expect(w.asaSec).toBe(20); // (10 s + 30 s) ÷ 2
    expect(w.ahtSec).toBe(175); // (120 + 30 + 200) ÷ 2
    expect(w.arrivalPerMin).toBe(0.33); // 5 in 15 minutes
    expect(voice.windows['5m'].arrivalPerMin).toBe(1);
    expect(voice.waiting).toBe(1);
    expect(voice.longestWaitSec).toBe(190); // k5 queued at 10:00:50
    expect(voice.agents).toMatchObject({ staffed: 2, available: 2, onContact: 0, acw: 0, aux: 0 });
    expect(voice.serviceLevelGoal.label).toBe('80% in 20s (standard)');
  });

  it('counts agents once per centre, by state and seat type', () => {
    const centre = m['centre:c1']!;
    expect(centre.agents).toMatchObject({ staffed: 3, available: 2, aux: 1 });
    expect(centre.agents.bySeatType.onsite).toMatchObject({ staffed: 1, available: 1 });
    expect(centre.agents.bySeatType.home).toMatchObject({ staffed: 1, available: 1 });
    expect(centre.agents.bySeatType.backup).toMatchObject({ staffed: 1, aux: 1 });
    expect(centre.waiting).toBe(2);
    expect(centre.longestWaitSec).toBe(220); // chat k6 queued at 10:00:20
    expect(centre.occupancy).toBe(0);
    expect(m['queue:c1/chat']!.agents).toMatchObject({ staffed: 2, available: 1, aux: 1 });
  });

  it('rolls up per media and overall', () => {
    expect(m['media:c1/voice']!.windows.today.offered).toBe(5);
    expect(m['media:voice']!.windows.today.serviceLevel).toBeCloseTo(1 / 3, 4);
    expect(m.all!.windows.today.offered).toBe(6);
    expect(m.all!.agents.staffed).toBe(3);
    expect(m.all!.serviceLevelGoal.formula).toBe('mixed');
  });

  it('reports occupancy while agents are busy', () => {
    const upTo40s = events.split('\n').filter((l) => l && Date.parse(JSON.parse(l).ts) <= t0 + 40_000).join('\n');
    const mid = replayEvents(upTo40s, config).engine.snapshot(t0 + 40_000);
    // a1 and a2 on contact, a3 in aux: 2 busy ÷ (2 busy + 0 available)
    expect(mid['centre:c1']!.occupancy).toBe(1);
    expect(mid['queue:c1/voice']!.waiting).toBe(1);
  });

  it('slides the 5-minute window', () => {
    const later = replay.engine.snapshot(t0 + 360_000);
    const w5 = later['queue:c1/voice']!.windows['5m'];
    expect(w5.offered).toBe(0);
    expect(w5.ahtSec).toBe(175);
    expect(later['queue:c1/voice']!.windows['15m'].offered).toBe(5);
  });

  it('restores a checkpoint to exactly the uninterrupted figures', () => {
    for (let cut = 0; cut <= replay.events.length; cut++) {
      const first = new MetricsEngine(config);
      replay.events.slice(0, cut).forEach((e) => first.apply(e));
      const second = new MetricsEngine(config);
      second.restore('c1', JSON.parse(JSON.stringify(first.save('c1'))));
      replay.events.slice(cut).forEach((e) => second.apply(e));
      expect(second.snapshot(at)).toEqual(m);
    }
  });
});

describe('late and out-of-order events', () => {
  const line = (o: object) => JSON.stringify({ centre: 'c1', ...o });
  /** replay feeds centre c1's events, one NDJSON line each, through a fresh engine. */
  const replay = (...events: object[]) => replayEvents(events.map((o) => line(o)).join('\n'), config);
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();

  it('counts an answer for a contact never seen queued, but not in service level', () => {
    const r = replay(
      { id: 'x1', type: 'contact.answered', ts: at(5), contactId: 'k', queue: 'voice', agentId: 'a' },
      { id: 'x2', type: 'contact.queued', ts: at(0), contactId: 'k', queue: 'voice', media: 'voice' },
    );
    const v = r.engine.snapshot(t0 + 10_000)['queue:c1/voice']!;
    expect(v.windows['15m']).toMatchObject({ offered: 1, answered: 1, serviceLevel: null });
    expect(v.waiting).toBe(0);
  });

  it('uses a reported waitSec when the source gives one', () => {
    const r = replay({ id: 'y1', type: 'contact.abandoned', ts: at(60), contactId: 'k', queue: 'voice', waitSec: 3 });
    expect(r.engine.snapshot(t0 + 60_000)['queue:c1/voice']!.windows['15m'].shortAbandoned).toBe(1);
  });

  it('keeps an event older than the window horizon for today only', () => {
    const r = replay(
      { id: 'z1', type: 'contact.queued', ts: at(3600), contactId: 'k1', queue: 'voice', media: 'voice' },
      { id: 'z2', type: 'contact.queued', ts: at(60), contactId: 'k2', queue: 'voice', media: 'voice' },
    );
    const v = r.engine.snapshot(t0 + 3_600_000)['queue:c1/voice']!;
    expect(v.windows['15m'].offered).toBe(1);
    expect(v.windows.today.offered).toBe(2);
    expect(r.engine.stats().c1!.late).toBe(1);
  });

  it('ignores an agent state older than the last one', () => {
    const r = replay(
      { id: 'w1', type: 'agent.state', ts: at(10), agentId: 'a', state: 'available', seatType: 'onsite' },
      { id: 'w2', type: 'agent.state', ts: at(5), agentId: 'a', state: 'logged_out', seatType: 'onsite' },
    );
    expect(r.engine.snapshot(t0 + 20_000)['centre:c1']!.agents.available).toBe(1);
  });

  it('counts a repeated event id once', () => {
    const e = { id: 'd1', type: 'contact.queued', ts: at(1), contactId: 'k', queue: 'voice', media: 'voice' };
    const r = replay(e, e);
    expect(r.duplicates).toBe(1);
    expect(r.engine.snapshot(t0 + 2000)['queue:c1/voice']!.windows.today.offered).toBe(1);
  });

  it('starts today afresh after local midnight', () => {
    const r = replay({ id: 'm1', type: 'contact.queued', ts: at(0), contactId: 'k', queue: 'voice', media: 'voice' });
    const nextDay = r.engine.snapshot(t0 + 15 * 3_600_000)['queue:c1/voice']!;
    expect(nextDay.windows.today.offered).toBe(0);
  });

  it('takes instant figures from queue.snapshot for ACDs that only report statistics', () => {
    const r = replay(
      { id: 's1', type: 'queue.snapshot', ts: at(0), queue: 'chat', media: 'chat', waiting: 4, longestWaitSec: 30, agents: { staffed: 5, available: 1, onContact: 4 } },
    );
    const m = r.engine.snapshot(t0 + 10_000);
    expect(m['queue:c1/chat']).toMatchObject({ waiting: 4, longestWaitSec: 40 });
    expect(m['queue:c1/chat']!.agents).toMatchObject({ staffed: 5, available: 1, onContact: 4 });
    expect(m['centre:c1']!.agents.staffed).toBe(5);
  });

  it('counts IVR errors per port within 15 minutes', () => {
    const port = (id: string, p: string, state: string, s: number) => ({ id, type: 'ivr.port', ts: at(s), port: p, state });
    const r = replay(port('i1', 'p1', 'error', 0), port('i2', 'p1', 'idle', 10), port('i3', 'p1', 'error', 60), port('i4', 'p1', 'error', 120), port('i5', 'p2', 'error', 130), port('i6', 'p3', 'in_call', 140));
    expect(r.engine.snapshot(t0 + 200_000)['centre:c1']!.ivr).toEqual({ idle: 0, inCall: 1, error: 2, worstPortErrors: 3, failingPorts: 2, callsNow: 0, peakToday: 0 });
    // 15 minutes after the first error it no longer counts.
    expect(r.engine.snapshot(t0 + 901_000)['centre:c1']!.ivr).toMatchObject({ worstPortErrors: 2, failingPorts: 2 });
  });

  it('forgets agents logged out for longer than the stale-contact time', () => {
    const r = replay(
      { id: 'g1', type: 'agent.state', ts: at(0), agentId: 'gone', state: 'logged_out', seatType: 'home' },
      { id: 'g2', type: 'agent.state', ts: at(0), agentId: 'back', state: 'logged_out', seatType: 'home' },
      { id: 'g3', type: 'agent.state', ts: at(5 * 3600), agentId: 'back', state: 'available', seatType: 'home' },
    );
    expect(r.engine.prune(t0 + 5 * 3_600_000)).toEqual(['c1']);
    const saved = r.engine.save('c1');
    expect(saved.agents.map(([id]) => id)).toEqual(['back']);
  });
});


describe('the scopes across centres, combined from each centre’s committed part', () => {
  it('equal one engine’s figures over every centre', () => {
    // Three copies of the small day: c1 and c2 in region east, c3 (45 s later) in west.
    const c1 = { ...config.centres[0]!, region: 'east' };
    const three = { ...config, centres: [c1, { ...c1, id: 'c2' }, { ...c1, id: 'c3', region: 'west' }] };
    const copy = (centre: string, shiftMs: number) =>
      events
        .trim()
        .split('\n')
        .map((line) => {
          const e = JSON.parse(line) as { id: string; ts: string; centre: string };
          return JSON.stringify({ ...e, id: `${centre}-${e.id}`, centre, ts: new Date(Date.parse(e.ts) + shiftMs).toISOString() });
        })
        .join('\n');
    const all = [copy('c1', 0), copy('c2', 0), copy('c3', 45_000)].join('\n');
    const at = t0 + 300_000;
    const whole = replayEvents(all, three).engine.snapshot(at);

    // One engine per centre, as a pipeline partition owning one centre runs it; the parts go through JSON, as committed.
    const figures: MetricsByScope = {};
    const parts = three.centres.map((centre) => {
      const own = replayEvents(all.split('\n').filter((l) => l.includes(`"centre":"${centre.id}"`)).join('\n'), { ...three, centres: [centre] }).engine.centreScopes(at);
      Object.assign(figures, own.figures);
      return JSON.parse(JSON.stringify(own.parts[0])) as CentreRollUp;
    });
    const combined = { ...figures, ...rollUpScopes(parts, at, 'CNY') };

    expect(Object.keys(combined).sort()).toEqual(Object.keys(whole).sort());
    expect(combined).toEqual(whole);
    expect(combined['region:east']!.windows['15m'].offered).toBe(2 * whole['centre:c1']!.windows['15m'].offered);
  });
});

describe('contacts handled in 0 s', () => {
  it('solve staffing with the default handle time instead of throwing (a step that throws stalls the pipeline)', () => {
    const engine = new MetricsEngine(config);
    const at = t0 + 60_000;
    const base = { centre: 'c1', queue: 'voice', ts: at - 30_000 };
    engine.apply({ ...base, id: 'z1', type: 'contact.queued', contactId: 'z', media: 'voice' } as never);
    engine.apply({ ...base, id: 'z2', type: 'contact.answered', contactId: 'z', agentId: 'a0', ts: at - 20_000 } as never);
    engine.apply({ ...base, id: 'z3', type: 'contact.completed', contactId: 'z', agentId: 'a0', handleSec: 0, ts: at - 10_000 } as never);
    const voice = engine.snapshot(at)['queue:c1/voice']!;
    expect(voice.windows['15m'].completed).toBe(1);
    expect(voice.requiredAgents).toBeGreaterThanOrEqual(1);
  });
});
