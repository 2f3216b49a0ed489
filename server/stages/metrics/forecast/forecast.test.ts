import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load.js';
import type { CanonicalEvent } from '../../ingest/contract.js';
import { compileCondition, METRICS } from '../../rules/index.js';
import { MetricsEngine } from '../engine.js';
import { erlangA } from '../staffing/index.js';
import { arrivalOutlook, slotAccuracy, wmape } from './arrivals.js';
import { forecastQueue, rollUp } from './figures.js';
import { estimatePatience } from './patience.js';
import { emptyProfile, observe, seal, SLOTS_PER_DAY, type ProfileState, type QueueMemory } from './profile.js';
import { SIM_CONFIG } from './testkit/surge-day.js';

const MONDAY = Date.UTC(2026, 2, 2); // a Monday, UTC
const MIN = 60_000;
const slots = (f: (slot: number) => number) => Array.from({ length: SLOTS_PER_DAY }, (_, i) => f(i));

/** A profile whose Monday expects `perSlot` in every slot, on a Monday whose slots before `slotNow` saw `today`. */
function mondayProfile(perSlot: number, today: number[]): ProfileState {
  const memory: QueueMemory = {
    today: { offered: slots((i) => today[i] ?? 0), completed: slots(() => 0), handleSec: slots(() => 0), abandoned: slots(() => 0), waitSec: slots(() => 0) },
    profile: { weekday: [null, slots(() => perSlot), null, null, null, null, null], weekdayDays: [0, 1, 0, 0, 0, 0, 0], daily: slots(() => perSlot), days: 1, handleSec: null, completed: null, handleDays: 0 },
  };
  return { day: '2026-03-02', weekday: 1, dayStart: MONDAY, firstSlot: 0, since: MONDAY, queues: new Map([['voice', memory]]) };
}

const total = (values: number[], n: number) => values.slice(0, n).reduce((s, v) => s + v, 0);

describe('arrival profile', () => {
  const queued = (ts: number, n: number): CanonicalEvent => ({ id: `e${n}`, type: 'contact.queued', ts, centre: 'sim', contactId: `c${n}`, queue: 'voice', media: 'voice' });

  it('learns a day watched from midnight when the next day starts, by weekday and overall', () => {
    const state = emptyProfile();
    const queues = new Set(['voice']);
    let n = 0;
    observe(state, queued(MONDAY + 5 * MIN, n++), {}, queues, 'UTC');
    for (let i = 0; i < 3; i++) observe(state, queued(MONDAY + 9 * 60 * MIN + i * MIN, n++), {}, queues, 'UTC');
    observe(state, queued(MONDAY + 9 * 60 * MIN, n++), { queue: 'voice' }, queues, 'UTC'); // a repeat: already queued there
    expect(state.queues.get('voice')!.today.offered[36]).toBe(3);
    observe(state, queued(MONDAY + 24 * 60 * MIN + MIN, n++), {}, queues, 'UTC');
    const p = state.queues.get('voice')!.profile;
    expect(p.weekday[1]![0]).toBe(1);
    expect(p.weekday[1]![36]).toBe(3);
    expect(p.weekdayDays).toEqual([0, 1, 0, 0, 0, 0, 0]);
    expect(p.daily![36]).toBe(3);
    expect(state.weekday).toBe(2);
  });

  it('does not learn a day it began watching mid-day, nor a late event of a day gone', () => {
    const state = emptyProfile();
    const queues = new Set(['voice']);
    observe(state, queued(MONDAY + 9 * 60 * MIN, 1), {}, queues, 'UTC');
    expect(state.firstSlot).toBe(36);
    observe(state, queued(MONDAY + 24 * 60 * MIN, 2), {}, queues, 'UTC');
    observe(state, queued(MONDAY + 10 * 60 * MIN, 3), {}, queues, 'UTC');
    const memory = state.queues.get('voice')!;
    expect(memory.profile.days).toBe(0);
    expect(total(memory.today.offered, SLOTS_PER_DAY)).toBe(1);
  });

  it('leaves a day far from its weekday out of the arrivals profiles (a holiday), and blends an ordinary one', () => {
    const memory = mondayProfile(10, [])['queues'].get('voice')!;
    memory.today.offered = slots(() => 1);
    seal(memory, 1);
    expect(memory.profile.weekdayDays[1]).toBe(1);
    expect(memory.profile.weekday[1]![0]).toBe(10);
    memory.today.offered = slots(() => 8);
    seal(memory, 1);
    // The second Monday: a running mean of the two.
    expect(memory.profile.weekday[1]![0]).toBe(9);
    expect(memory.profile.weekdayDays[1]).toBe(2);
  });
});

describe('arrival outlook', () => {
  const at = MONDAY + 9 * 60 * MIN; // slot 36

  it('scales the profile by today’s smoothed ratio', () => {
    // Profile 15 a slot (1 a minute); today ran at 30 a slot. Day ratio (1080+20)/(540+20), last 15 minutes (30+5)/(15+5),
    // last 5 (10+5/3)/(5+5/3) = the same 1.75, so no trend: 0.7·1.75 + 0.3·1100/560 a minute.
    const state = mondayProfile(15, slots((i) => (i < 36 ? 30 : 0)));
    const outlook = arrivalOutlook(state, 'voice', at, { offered5m: 10, offered15m: 30 });
    expect(outlook.method).toBe('weekday');
    expect(total(outlook.perMinute, 15)).toBeCloseTo(15 * (0.7 * 1.75 + (0.3 * 1100) / 560), 9);
  });

  it('follows a change the last 5 minutes cannot owe to chance', () => {
    // last 5: (20+5/3)/(5+5/3) = 3.25 against 1.75 → moving: recent (3.25+1.75)/2, slope 0.3 a minute, half followed up to 15 minutes.
    const state = mondayProfile(15, slots((i) => (i < 36 ? 30 : 0)));
    const outlook = arrivalOutlook(state, 'voice', at, { offered5m: 20, offered15m: 30 });
    const now = 0.7 * 2.5 + (0.3 * 1100) / 560;
    const followed = [...Array(15).keys()].reduce((s, i) => s + Math.min(i + 3, 15), 0);
    expect(total(outlook.perMinute, 15)).toBeCloseTo(15 * now + 0.15 * followed, 9);
  });

  it('with no history, follows today’s own trend once a quarter of an hour was watched', () => {
    const watched = { ...emptyProfile(), since: at - 20 * MIN };
    const outlook = arrivalOutlook(watched, 'voice', at, { offered5m: 10, offered15m: 15 });
    expect(outlook.method).toBe('trend');
    // 2 a minute now, 1 over 15 minutes: +0.2 a minute each minute, for 15 minutes at most.
    expect(total(outlook.perMinute, 15)).toBeCloseTo(30 + 0.2 * [...Array(15).keys()].reduce((s, i) => s + Math.min(i + 3, 15), 0), 9);
    // Watched 5 minutes only: the 15-minute window is short of its start, so the 5-minute rate is held.
    expect(total(arrivalOutlook({ ...emptyProfile(), since: at - 5 * MIN }, 'voice', at, { offered5m: 10, offered15m: 15 }).perMinute, 15)).toBeCloseTo(30, 9);
  });

  it('measures today’s 15-minute forecasts, made at each slot’s start, by wMAPE', () => {
    const state = mondayProfile(10, [10, 20, 10]);
    const slotsDone = slotAccuracy(state, 'voice', MONDAY + 3 * 15 * MIN);
    // Slot 1: ratio 1 → 10 (20 came). Slot 2: 0.7·25/15 + 0.3·50/40 of 10 (10 came).
    const second = 10 * (0.7 * (25 / 15) + 0.3 * (50 / 40));
    expect(slotsDone.actual).toEqual([20, 10]);
    expect(slotsDone.forecast[0]).toBeCloseTo(10, 9);
    expect(slotsDone.forecast[1]).toBeCloseTo(second, 9);
    expect(wmape(slotsDone)).toBeCloseTo((10 + (second - 10)) / 30, 9);
    expect(wmape({ forecast: [3], actual: [0] })).toBeNull();
  });
});

describe('patience and the queue forecast', () => {
  it('estimates patience as total wait ÷ abandons, with one pseudo-abandon at 120 s', () => {
    const today = mondayProfile(0, []).queues.get('voice')!.today;
    expect(estimatePatience(today)).toBe(120);
    today.waitSec[3] = 400;
    today.waitSec[4] = 200;
    today.abandoned[4] = 4;
    expect(estimatePatience(today)).toBe((600 + 120) / 5);
  });

  it('runs Erlang A on the forecast load plus the queue now, with the agents in place', () => {
    const profile = mondayProfile(15, slots((i) => (i < 36 ? 15 : 0)));
    const input = { profile, queue: 'voice', now: MONDAY + 9 * 60 * MIN + 25_000, recent: { offered5m: 5, offered15m: 15, handleSec15m: 0, completed15m: 0 }, waiting: 6, agents: 4, thresholdSec: 20, defaultAhtSec: 180 };
    const { figures } = forecastQueue(input);
    const arrivals15 = figures.arrivals['15m'];
    expect(arrivals15).toBeCloseTo(15, 1);
    const expected = erlangA({ arrivalPerSec: Math.round((arrivals15 / 15 + 6 / 15) * 1000) / 1000 / 60, ahtSec: 180, agents: 4, thresholdSec: 20, patienceSec: 120 });
    expect(figures.serviceLevel['15m']).toBeCloseTo(expected.serviceLevel, 4);
    expect(figures.abandonRate['15m']).toBeCloseTo(expected.abandonProbability, 4);
    expect(figures.waitSec['15m']).toBe(Math.round(expected.asaSec));
    expect(figures.ahtSec).toBe(180);
    // Fewer agents, worse; more, better.
    expect(forecastQueue({ ...input, agents: 3 }).figures.serviceLevel['15m']!).toBeLessThan(figures.serviceLevel['15m']!);
    expect(forecastQueue({ ...input, agents: 6 }).figures.serviceLevel['15m']!).toBeGreaterThan(figures.serviceLevel['15m']!);
  });

  it('rolls queues up: arrivals add up, service level is load-weighted', () => {
    const profile = mondayProfile(15, []);
    const base = { profile, queue: 'voice', now: MONDAY + 9 * 60 * MIN, recent: { offered5m: 5, offered15m: 15, handleSec15m: 0, completed15m: 0 }, waiting: 0, thresholdSec: 20, defaultAhtSec: 180 };
    const a = forecastQueue({ ...base, agents: 2 });
    const b = forecastQueue({ ...base, agents: 8 });
    const both = rollUp([a, b], true)!;
    expect(both.figures.arrivals['15m']).toBeCloseTo(a.figures.arrivals['15m'] * 2, 1);
    expect(both.figures.agents).toBe(10);
    expect(both.figures.serviceLevel['15m']).toBeCloseTo((a.figures.serviceLevel['15m']! + b.figures.serviceLevel['15m']!) / 2, 3);
  });
});

describe('forecast in the engine', () => {
  const config = parseConfig(SIM_CONFIG, 'sim.yaml', {});
  const events = (day: number, count: number): CanonicalEvent[] =>
    Array.from({ length: count }, (_, i) => ({ id: `q${day}-${i}`, type: 'contact.queued' as const, ts: MONDAY + day * 86_400_000 + 9 * 60 * MIN + i * 20_000, centre: 'sim', contactId: `c${day}-${i}`, queue: 'voice', media: 'voice' as const }));

  it('publishes `forecast` on queues, centres and all, and keeps the profile in the checkpoint', () => {
    const engine = new MetricsEngine(config);
    for (const e of [...events(0, 30), ...events(1, 30), ...events(7, 10)]) engine.apply(e);
    const now = MONDAY + 7 * 86_400_000 + 9 * 60 * MIN + 200_000;
    const figures = engine.snapshot(now);
    for (const scope of ['queue:sim/voice', 'centre:sim', 'all']) expect(figures[scope]?.forecast?.arrivals['15m'], scope).toBeGreaterThan(0);
    // The first Monday was watched from 09:00 only, so only the Tuesday was learnt: this Monday reads the all-days profile.
    expect(figures['queue:sim/voice']!.forecast!.method).toBe('daily');

    const restored = new MetricsEngine(config);
    restored.restore('sim', JSON.parse(JSON.stringify(engine.save('sim'))));
    expect(restored.snapshot(now)).toEqual(figures);
  });

  it('restores a checkpoint written before forecasting with an empty profile', () => {
    const engine = new MetricsEngine(config);
    for (const e of events(0, 5)) engine.apply(e);
    const { forecast: _forecast, ...old } = engine.save('sim');
    const restored = new MetricsEngine(config);
    restored.restore('sim', old);
    expect(restored.snapshot(MONDAY + 10 * 60 * MIN)['queue:sim/voice']!.forecast!.method).toBe('trend');
  });
});

describe('forecast.* in rules', () => {
  it('knows the names, their units, and that none is measured without a forecast', () => {
    expect(METRICS.get('forecast.serviceLevel.15m')).toMatchObject({ unit: 'ratio', nullable: true });
    expect(METRICS.get('forecast.arrivals.60m')?.unit).toBe('count');
    expect(METRICS.get('forecast.waitSec.30m')?.unit).toBe('seconds');
    expect(METRICS.get('forecast.accuracy')?.unit).toBe('ratio');
    expect(compileCondition('forecast.serviceLevel.15m < 60% or forecast.accuracy > 30%').ok).toBe(true);
  });

  it('says what is wrong with a forecast name or unit', () => {
    const missing = compileCondition('forecast.serviceLevel < 60%');
    expect(missing.ok ? '' : missing.errors.map((e) => e.message).join()).toMatch(/needs a horizon: forecast\.serviceLevel\.15m/);
    const unit = compileCondition('forecast.serviceLevel.15m < 60');
    expect(unit.ok).toBe(false);
  });
});
