/** The KPI strip's and the panorama table's figures: read from their place, shown at their precision, judged against their goal; the rows of the panorama; the hall a wall shows. */
import { afterEach, describe, expect, it } from 'vitest';
import { goalFor, kpi, missShown, readFigure, serviceLevelShown, showFigure, verdict } from '../src/lib/kpis.js';
import { panoramaRows, parentScopes, toggled } from '../src/lib/panorama.js';
import { hallFor } from '../src/lib/halls.js';
import { setLocale } from '../src/i18n/index.js';
import type { KpiSpec, Topology } from '../src/lib/live/protocol.js';
import { metrics, topology } from './fixtures.js';

const spec = (name: string, unit: KpiSpec['unit'], path: string[]): KpiSpec => ({ name, unit, path });
const FCR_TODAY = spec('fcr.today', 'ratio', ['windows', 'today', 'fcr']);
const ABANDON = spec('abandonRate.today', 'ratio', ['windows', 'today', 'abandonRate']);
const ASA = spec('asaSec', 'seconds', ['windows', '15m', 'asaSec']);
const BACKLOG = spec('backlog.open', 'count', ['backlog', 'open']);
const COST = spec('costPerContact.today', 'money', ['windows', 'today', 'costPerContact']);
const SL = spec('serviceLevel.today', 'ratio', ['windows', 'today', 'serviceLevel']);

afterEach(() => setLocale('en'));

describe('a figure of the strip or the table', () => {
  it('is read from its place, and anything but a number is unknown', () => {
    const m = metrics('all');
    expect(readFigure(FCR_TODAY, m)).toBe(m.windows.today.fcr);
    expect(readFigure(BACKLOG, m)).toBe(m.backlog.open);
    expect(readFigure(FCR_TODAY, metrics('all', { windows: { ...m.windows, today: { ...m.windows.today, fcr: null } } }))).toBeNull();
    expect(readFigure(BACKLOG, undefined)).toBeNull();
    // A figure an older engine does not publish at all.
    expect(readFigure(spec('x', 'count', ['nowhere', 'here']), m)).toBeNull();
  });

  it('is shown at its precision: whole percentages, a decimal for small rates, m:ss, whole counts, money in its currency, — when unknown', () => {
    const m = metrics('all');
    expect(showFigure(FCR_TODAY, 0.754, m)).toBe('75%');
    expect(showFigure(ABANDON, 0.0349, m)).toBe('3.5%');
    expect(showFigure(ASA, 19.4, m)).toBe('0:19');
    expect(showFigure(BACKLOG, 1234, m)).toBe('1,234');
    expect(showFigure(COST, 0.302, m)).toBe('CN¥0.30');
    expect(showFigure(COST, 0.302, { ...m, costCurrency: 'USD' })).toBe('US$0.30');
    expect(showFigure(FCR_TODAY, null, m)).toBe('—');
    setLocale('zh');
    expect(showFigure(COST, 0.302, m)).toBe('¥0.30');
  });

  it('is judged against its goal: min, max or both; the service level against the scope target unless configured', () => {
    expect(verdict(0.8, { min: 0.75 })).toBe('good');
    expect(verdict(0.7, { min: 0.75 })).toBe('bad');
    expect(verdict(0.06, { max: 0.05 })).toBe('bad');
    expect(verdict(0.9, { min: 0.7, max: 0.85 })).toBe('bad');
    expect(verdict(0.8, { min: 0.7, max: 0.85 })).toBe('good');
    expect(verdict(null, { min: 0.75 })).toBe('none');
    expect(verdict(0.5, null)).toBe('none');
    const m = metrics('queue:hz/voice', { serviceLevelGoal: { target: 0.9, thresholdSec: 10, formula: 'standard', label: '' } });
    expect(goalFor('serviceLevel', {}, m)).toEqual({ min: 0.9 });
    expect(goalFor('serviceLevel', { serviceLevel: { min: 0.85 } }, m)).toEqual({ min: 0.85 });
    expect(goalFor('serviceLevel', {}, metrics('all', { serviceLevelGoal: { target: null, thresholdSec: null, formula: 'mixed', label: '' } }))).toBeNull();
    expect(goalFor('costPerContact', {}, m)).toBeNull();
  });

  it('never shows a miss as its goal: rounded to the goal, it shows the nearest value on the goal’s wrong side', () => {
    const m = metrics('all');
    const ATTENDANCE = spec('attendance.rate', 'ratio', ['attendance', 'rate']);
    const attendance = (rate: number) => metrics('all', { attendance: { ...m.attendance, rate } });
    // 94.9 % read "95%" in red beside "goal ≥ 95%" (seen on the demo's wall).
    expect(kpi(ATTENDANCE, attendance(0.9491525), { 'attendance.rate': { min: 0.95 } })).toMatchObject({ value: '94%', verdict: 'bad', goal: 'goal ≥ 95%' });
    expect(kpi(ATTENDANCE, attendance(0.9499), { 'attendance.rate': { min: 0.95 } })).toMatchObject({ value: '94%', verdict: 'bad' });
    // Farther from the goal, or meeting it, it rounds as ever.
    expect(kpi(ATTENDANCE, attendance(0.9371), { 'attendance.rate': { min: 0.95 } })).toMatchObject({ value: '94%', verdict: 'bad' });
    expect(kpi(ATTENDANCE, attendance(0.926), { 'attendance.rate': { min: 0.95 } })).toMatchObject({ value: '93%', verdict: 'bad' });
    expect(kpi(ATTENDANCE, attendance(0.9504), { 'attendance.rate': { min: 0.95 } })).toMatchObject({ value: '95%', verdict: 'good' });
    expect(kpi(ATTENDANCE, attendance(0.9491525), {})).toMatchObject({ value: '95%', verdict: 'none' });
    // Maxima: a small rate at its decimal, seconds as m:ss.
    expect(kpi(ABANDON, metrics('all', { windows: { ...m.windows, today: { ...m.windows.today, abandonRate: 0.0504 } } }), { abandonRate: { max: 0.05 } })).toMatchObject({ value: '5.1%', verdict: 'bad', goal: 'goal ≤ 5.0%' });
    expect(kpi(ASA, metrics('all', { windows: { ...m.windows, '15m': { ...m.windows['15m'], asaSec: 30.4 } } }), { asaSec: { max: 30 } })).toMatchObject({ value: '0:31', verdict: 'bad', goal: 'goal ≤ 0:30' });
    expect(kpi(ASA, metrics('all', { windows: { ...m.windows, '15m': { ...m.windows['15m'], asaSec: 30 } } }), { asaSec: { max: 30 } })).toMatchObject({ value: '0:30', verdict: 'good' });
    // The step's float error does not move a value already on its step (0.07 / 0.01 is 7.000000000000001).
    expect(missShown(0.07, { max: 0.06 }, 0.01)).toBe(0.07);
    expect(missShown(0.29, { min: 0.3 }, 0.01)).toBe(0.29);
    expect(missShown(null, { min: 0.3 }, 0.01)).toBeNull();
  });

  it('shows a service level beside its target the same way, on the tiles, the queue rows, today’s totals and the glance table', () => {
    expect(serviceLevelShown(0.7962, 0.8)).toEqual({ text: '79%', below: true });
    expect(serviceLevelShown(0.8, 0.8)).toEqual({ text: '80%', below: false });
    expect(serviceLevelShown(0.7962, null)).toEqual({ text: '80%', below: false });
    expect(serviceLevelShown(null, 0.8)).toEqual({ text: '—', below: false });
    expect(serviceLevelShown(undefined, undefined)).toEqual({ text: '—', below: false });
  });

  it('comes labelled in the screen language, with its goal in words', () => {
    const m = metrics('all');
    expect(kpi(FCR_TODAY, m, { fcr: { min: 0.8 } })).toEqual({ name: 'fcr.today', label: 'FCR today', value: '75%', verdict: 'bad', goal: 'goal ≥ 80%' });
    expect(kpi(BACKLOG, m, {})).toMatchObject({ label: 'Open tickets', value: '14', verdict: 'none', goal: null });
    expect(kpi(ASA, m, { asaSec: { max: 30 } })).toMatchObject({ label: 'ASA 15 min', value: '0:12', verdict: 'good', goal: 'goal ≤ 0:30' });
    expect(kpi(SL, m, {})).toMatchObject({ value: '85%', verdict: 'good', goal: 'goal ≥ 80%' });
    // A name the catalogue lacks keeps its metric name.
    expect(kpi(spec('agents.home.available', 'count', ['agents', 'bySeatType', 'home', 'available']), m, {}).label).toBe('agents.home.available');
    setLocale('zh');
    expect(kpi(FCR_TODAY, m, { fcr: { min: 0.7, max: 0.9 } })).toMatchObject({ label: '今日一次解决率', goal: '目标 70%–90%', verdict: 'good' });
  });
});

describe('the panorama rows', () => {
  const regional: Topology = { centres: [{ ...topology.centres[0]!, region: 'east' }, { ...topology.centres[1]!, region: 'wh' }] };
  const scopes = { 'skill:hz/voice': metrics('skill:hz/voice'), 'skill:hz/billing': metrics('skill:hz/billing'), 'skill:wh/chat': metrics('skill:wh/chat') };
  const ids = (open: Set<string>) => panoramaRows(regional, scopes, open, 'All centres').map((r) => `${r.depth}:${r.scope}`);

  it('are all centres and the regions until opened; a region opens to its centres, a centre to its queues then its skills by name', () => {
    expect(ids(new Set())).toEqual(['0:all', '0:region:east', '0:region:wh']);
    expect(ids(new Set(['region:east']))).toEqual(['0:all', '0:region:east', '1:centre:hz', '0:region:wh']);
    expect(ids(new Set(['region:east', 'centre:hz']))).toEqual([
      '0:all',
      '0:region:east',
      '1:centre:hz',
      '2:queue:hz/voice',
      '2:queue:hz/chat',
      '2:queue:hz/email',
      '2:skill:hz/billing',
      '2:skill:hz/voice',
      '0:region:wh',
    ]);
    // A centre stays open inside a closed region, and shows so when the region reopens.
    expect(ids(new Set(['centre:hz']))).toEqual(['0:all', '0:region:east', '0:region:wh']);
  });

  it('name a region after its centre when the config gives none, and open all and toggle', () => {
    const rows = panoramaRows(topology, scopes, new Set(), 'All centres');
    expect(rows.map((r) => [r.scope, r.name])).toEqual([
      ['all', 'All centres'],
      ['region:hz', 'Hangzhou'],
      ['region:wh', 'Wuhan'],
    ]);
    expect(parentScopes(regional, scopes)).toEqual(['region:east', 'centre:hz', 'region:wh', 'centre:wh']);
    expect([...toggled(new Set(['a']), 'b')]).toEqual(['a', 'b']);
    expect([...toggled(new Set(['a', 'b']), 'a')]).toEqual(['b']);
  });
});

describe('the hall a wall shows', () => {
  const halls = { lobby: { kpis: [FCR_TODAY] }, floor: { kpis: [BACKLOG, ASA] } };
  it('is the one its address names, else the first listed; an unknown one shows the first and says so', () => {
    expect(hallFor('?token=x&hall=floor', { halls })).toEqual({ kpis: [BACKLOG, ASA], note: null });
    expect(hallFor('?token=x', { halls })).toEqual({ kpis: [FCR_TODAY], note: null });
    expect(hallFor('?hall=attic', { halls })).toEqual({ kpis: [FCR_TODAY], note: 'no hall "attic" in the config (halls: lobby, floor); showing lobby' });
    expect(hallFor('', null)).toEqual({ kpis: [], note: null });
  });
});
