/** previewPlan: the next 30 minutes with and without a re-route, seats, or a declared level's steps. */
import { describe, expect, it } from 'vitest';
import { erlangC } from '../../metrics/staffing/index.js';
import type { MetricsByScope } from '../../metrics/types.js';
import { demoConfig, surgeMetrics } from '../testing.js';
import type { ActionSpec } from '../types.js';
import { PREVIEW_MIN, previewActions, previewPlan, type CentrePreview, type PreviewAction } from './index.js';

const config = demoConfig();
const NOW = 1_700_000_000_000;
const reroute = (share: number): PreviewAction => ({ kind: 'reroute', centre: 'hangzhou', spec: { queue: 'voice' }, to: [{ centre: 'shanghai', share }] });
const seats = (count: number): PreviewAction => ({ kind: 'activateSeats', centre: 'hangzhou', seatType: 'home', count });
const centre = (centres: CentrePreview[], id: string) => centres.find((c) => c.centre === id)!;

describe('previewPlan', () => {
  it('draws one point a minute for 30 minutes for every centre touched, the centre in trouble first', () => {
    const p = previewPlan(surgeMetrics(), config, 'hangzhou', [reroute(0.3)], NOW);
    expect(p.at).toBe(NOW);
    expect(p.centres.map((c) => [c.centre, c.role])).toEqual([['hangzhou', 'from'], ['shanghai', 'to']]);
    for (const c of p.centres) expect(c.minutes.map((m) => m.inMin)).toEqual(Array.from({ length: PREVIEW_MIN }, (_, i) => i + 1));
  });

  it('moves the re-routed share from the centre in trouble to the one taking it, and nothing is lost', () => {
    // Hangzhou voice 10/min: 30 % is 3/min, from Hangzhou (16/min over its queues) to Shanghai (6/min).
    const p = previewPlan(surgeMetrics(), config, 'hangzhou', [reroute(0.3)], NOW);
    for (const i of [0, 14, 29]) {
      const [h, s] = [centre(p.centres, 'hangzhou').minutes[i]!, centre(p.centres, 'shanghai').minutes[i]!];
      expect(h.without.loadPerMin).toBe(16);
      expect(h.with.loadPerMin).toBe(13);
      expect(s.without.loadPerMin).toBe(6);
      expect(s.with.loadPerMin).toBe(9);
      expect(h.with.loadPerMin + s.with.loadPerMin).toBe(h.without.loadPerMin + s.without.loadPerMin);
      // Agents stay where they are.
      expect(h.with.agents).toBe(h.without.agents);
    }
  });

  it('predicts each queue by Erlang C when no patience is known (hand-checkable against erlangC)', () => {
    const only: MetricsByScope = { 'queue:hangzhou/voice': surgeMetrics()['queue:hangzhou/voice']! };
    const first = centre(previewPlan(only, config, 'hangzhou', [reroute(0.3)], NOW).centres, 'hangzhou').minutes[0]!;
    // 7 contacts/min × 240 s = 28 Erlangs on 40 agents, 20 s threshold.
    const expected = erlangC({ arrivalPerSec: 7 / 60, ahtSec: 240, agents: 40, thresholdSec: 20 });
    expect(first.with.serviceLevel).toBe(Math.round(expected.serviceLevel * 10_000) / 10_000);
    expect(first.with.waiting).toBe(Math.round((7 / 60) * expected.asaSec * 10) / 10);
    // 40 Erlangs on 40 agents never drains: no finite wait, nothing answered in time.
    expect(first.without).toMatchObject({ serviceLevel: 0, waitSec: null, waiting: null });
  });

  it('shows the centre in trouble even when nothing modelled changes it: the same figures both ways', () => {
    const [only] = previewPlan(surgeMetrics(), config, 'hangzhou', [], NOW).centres;
    expect(only!.centre).toBe('hangzhou');
    for (const m of only!.minutes) expect(m.with).toEqual(m.without);
  });

  it('a larger share relieves the queue in trouble more and loads the other more', () => {
    // Voice queues only: a centre's figure is load-weighted over its queues, so moving voice away gives its other queues more weight.
    const { 'queue:hangzhou/voice': h, 'queue:shanghai/voice': s } = surgeMetrics();
    const voice: MetricsByScope = { 'queue:hangzhou/voice': h!, 'queue:shanghai/voice': s! };
    const sl = (share: number, id: string) => centre(previewPlan(voice, config, 'hangzhou', [reroute(share)], NOW).centres, id).minutes[9]!.with;
    expect(sl(0.2, 'hangzhou').serviceLevel!).toBeLessThanOrEqual(sl(0.4, 'hangzhou').serviceLevel!);
    expect(sl(0.2, 'shanghai').loadPerMin).toBeLessThan(sl(0.4, 'shanghai').loadPerMin);
    expect(sl(0.2, 'shanghai').serviceLevel!).toBeGreaterThanOrEqual(sl(0.4, 'shanghai').serviceLevel!);
  });

  it('more agents never lower the service level nor raise the waiting', () => {
    let previous: { serviceLevel: number; waiting: number } | null = null;
    for (const count of [0, 1, 2, 4, 8, 16, 32]) {
      const m = centre(previewPlan(surgeMetrics(), config, 'hangzhou', [seats(count)], NOW).centres, 'hangzhou').minutes[4]!;
      expect(m.with.agents - m.without.agents).toBe(count);
      expect(m.with.serviceLevel!).toBeGreaterThanOrEqual(m.without.serviceLevel!);
      const now = { serviceLevel: m.with.serviceLevel!, waiting: m.with.waiting ?? Number.POSITIVE_INFINITY };
      if (previous) {
        expect(now.serviceLevel).toBeGreaterThanOrEqual(previous.serviceLevel);
        expect(now.waiting).toBeLessThanOrEqual(previous.waiting);
      }
      previous = now;
    }
  });

  it('follows the forecast path minute by minute, between its points in a straight line', () => {
    const m = surgeMetrics();
    const voice = m['queue:hangzhou/voice']!;
    const path = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 30, 45, 60].map((inMin) => ({ inMin, loadPerMin: inMin <= 20 ? 10 : 20, serviceLevel: null, waitSec: null, waiting: null, abandonRate: null }));
    const figures: MetricsByScope = { 'queue:hangzhou/voice': { ...voice, forecast: { agents: 40, ahtSec: 240, patienceSec: 120, path } as never } };
    const minutes = centre(previewPlan(figures, config, 'hangzhou', [seats(0)], NOW).centres, 'hangzhou').minutes;
    expect(minutes.map((x) => x.without.loadPerMin).slice(18)).toEqual([10, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    // With patience known it is Erlang A: impatience drains the queue, so the wait is finite even at 40 Erlangs on 40 agents.
    expect(minutes[0]!.without.waitSec).not.toBeNull();
  });
});

describe('previewActions', () => {
  const level: ActionSpec[] = [
    { kind: 'notify', spec: { group: 'duty', template: 'x' } },
    { kind: 'reroute', spec: { queue: 'voice', share: 0.3, expiresAfterSec: null } },
    { kind: 'activateSeats', spec: { seatType: 'home', count: 2, max: null, template: 'seat-callout' } },
  ];

  it('makes the choices the executor would: targets by spare capacity, seats from the roster', () => {
    const { actions, notModelled } = previewActions(level, 'hangzhou', { metrics: surgeMetrics(), levels: {}, config, activeSeats: () => [] });
    expect(notModelled).toEqual(['notify']);
    expect(actions).toEqual([
      { kind: 'reroute', centre: 'hangzhou', spec: { queue: 'voice', media: undefined }, to: [{ centre: 'shanghai', share: 0.3 }] },
      { kind: 'activateSeats', centre: 'hangzhou', seatType: 'home', count: 2 },
    ]);
  });
});
