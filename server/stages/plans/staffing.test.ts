/** GET /v1/staffing's table: every queue, its Erlang C requirement, the agents there and what they achieve. */
import { describe, expect, it } from 'vitest';
import { forecastAccuracy, staffingTable } from './index.js';
import { demoConfig, metricsOf, surgeMetrics } from './testing.js';

const config = demoConfig();

describe('staffingTable', () => {
  const rows = staffingTable(surgeMetrics(), config);

  it('lists every configured queue, in config order', () => {
    expect(rows.map((r) => r.scope)).toEqual([
      'queue:hangzhou/voice',
      'queue:hangzhou/voice-vip',
      'queue:hangzhou/chat',
      'queue:hangzhou/email',
      'queue:shanghai/voice',
      'queue:shanghai/chat',
      'queue:shanghai/email',
      'queue:wuhan/voice',
      'queue:wuhan/chat',
      'queue:wuhan/email',
    ]);
  });

  it.each([
    // 10 Erlangs: 13 agents wait 28.5% of the time (the textbook table), short of 15 for 90% in 10 s.
    // The same queue as the [CCH] example in metrics/staffing/published.test.ts: ASA 17.1 s (R ErlangC's 17.116 s at 180 s AHT scales to 28.5 s at 300 s).
    ['queue:hangzhou/voice-vip', { arrivalPerMin: 2, ahtSec: 300, target: 0.9, thresholdSec: 10, requiredAgents: 15, productiveAgents: 13, gap: 2, probWait: 0.2853, serviceLevelAtCurrentStaff: 0.7419, immediateAnswerProbability: 0.7147, occupancy: 0.7692, asaSec: 28.5, meanWaitOfDelayedSec: 100 }],
    // 40 Erlangs on 40 agents: the queue never drains.
    ['queue:hangzhou/voice', { arrivalPerMin: 10, ahtSec: 240, requiredAgents: 46, productiveAgents: 40, gap: 6, probWait: 1, serviceLevelAtCurrentStaff: 0, occupancy: 1, asaSec: null, meanWaitOfDelayedSec: null }],
    ['queue:shanghai/voice', { arrivalPerMin: 6, ahtSec: 240, requiredAgents: 29, productiveAgents: 33, gap: -4, probWait: 0.0556, serviceLevelAtCurrentStaff: 0.9737 }],
  ])('%s', (scope, figures) => {
    expect(rows.find((r) => r.scope === scope)).toMatchObject(figures);
  });

  it('meets the goal with the required agents and misses it with one fewer', () => {
    for (const row of rows.filter((r) => r.requiredAgents !== null)) {
      const at = (agents: number) => {
        const m = surgeMetrics()[row.scope];
        if (!m) throw new Error(row.scope);
        const staffed = { ...m, agents: { ...m.agents, available: agents, onContact: 0, acw: 0 } };
        return staffingTable({ [row.scope]: staffed }, config).find((r) => r.scope === row.scope)?.serviceLevelAtCurrentStaff ?? NaN;
      };
      expect(at(row.requiredAgents ?? 0)).toBeGreaterThanOrEqual(row.target);
      expect(at((row.requiredAgents ?? 0) - 1)).toBeLessThan(row.target);
    }
  });

  it('shows a queue without figures yet with its goal and default handle time', () => {
    expect(rows.find((r) => r.scope === 'queue:wuhan/email')).toEqual({
      scope: 'queue:wuhan/email',
      centre: 'wuhan',
      queue: 'email',
      media: 'email',
      arrivalPerMin: null,
      ahtSec: 480,
      target: 0.9,
      thresholdSec: 3600,
      requiredAgents: null,
      productiveAgents: null,
      gap: null,
      probWait: null,
      serviceLevelAtCurrentStaff: null,
      immediateAnswerProbability: null,
      occupancy: null,
      asaSec: null,
      meanWaitOfDelayedSec: null,
      abandonRate: null,
      forecast: null,
    });
  });

  it.each([
    ['the 15-minute handle time', { ahtSec: 200, 'ahtSec.today': 260 }, 200],
    ["today's when the last 15 minutes completed nothing", { 'ahtSec.today': 260 }, 260],
    ["the queue's default before anything completed", {}, 240],
  ])('uses %s', (_, figures, ahtSec) => {
    const [row] = staffingTable(metricsOf({ 'queue:hangzhou/voice': figures }), config);
    expect(row?.ahtSec).toBe(ahtSec);
  });

  it('adds the next 15, 30 and 60 minutes from the forecast: the agents that load needs, against those there now', () => {
    const m = surgeMetrics();
    const voice = m['queue:hangzhou/voice']!;
    // The same loads as the rows above, so the same Erlang C answers: 10/min × 240 s needs 46, 6/min needs 29.
    const path = [15, 30, 60].map((inMin, i) => ({ inMin, loadPerMin: [10, 6, 0][i]!, serviceLevel: null, waitSec: null, waiting: null, abandonRate: null }));
    const forecast = { agents: 40, ahtSec: 240, patienceSec: null, arrivals: { '15m': 150, '30m': 180, '60m': 0 }, serviceLevel: { '15m': 0.1, '30m': 0.9, '60m': 1 }, waitSec: { '15m': 300, '30m': 5, '60m': 0 }, abandonRate: { '15m': 0.3, '30m': 0.01, '60m': 0 }, path };
    const row = staffingTable({ 'queue:hangzhou/voice': { ...voice, forecast: forecast as never } }, config).find((r) => r.scope === 'queue:hangzhou/voice')!;
    expect(row.forecast).toEqual({
      '15m': { loadPerMin: 10, arrivals: 150, ahtSec: 240, requiredAgents: 46, gap: 6, serviceLevel: 0.1, waitSec: 300, abandonRate: 0.3 },
      '30m': { loadPerMin: 6, arrivals: 180, ahtSec: 240, requiredAgents: 29, gap: -11, serviceLevel: 0.9, waitSec: 5, abandonRate: 0.01 },
      '60m': { loadPerMin: 0, arrivals: 0, ahtSec: 240, requiredAgents: 0, gap: -40, serviceLevel: 1, waitSec: 0, abandonRate: 0 },
    });
    expect(rows.find((r) => r.scope === 'queue:hangzhou/voice')!.forecast).toBeNull();
  });

  it("gives today's 15-minute abandon rate beside the forecast's", () => {
    const m = surgeMetrics();
    expect(rows.find((r) => r.scope === 'queue:hangzhou/voice')!.abandonRate).toBe(m['queue:hangzhou/voice']!.windows['15m'].abandonRate);
  });
});

describe('forecastAccuracy', () => {
  it("gives each centre its forecast's accuracy, null until measured or forecast", () => {
    const m = surgeMetrics();
    const hangzhou = m['centre:hangzhou']!;
    const figures = { ...m, 'centre:hangzhou': { ...hangzhou, forecast: { accuracy: 0.123 } as never }, 'centre:shanghai': { ...hangzhou, forecast: { accuracy: null } as never } };
    expect(forecastAccuracy(figures, config)).toEqual({ hangzhou: 0.123, shanghai: null, wuhan: null });
  });
});
