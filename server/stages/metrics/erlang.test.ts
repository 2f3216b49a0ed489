import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asaSec, erlangC, erlangFigures, requiredAgents, serviceLevel } from './erlang.js';

// The Call Centre Helper worked example (callcentrehelper.com/erlang-c-formula-example-121281.htm):
// 100 calls in 30 minutes, AHT 3 minutes, goal 80 % answered in 20 s. Figures as published by
//  - pyworkforce (PyPI README; tests/test_erlang.py), which reproduces that example, and
//  - the R package ErlangC 0.1.0 (CRAN README: erlang_c(…, 14) and calculate_agents(…)).
// Each expectation keeps the precision it was published with.
const example = { arrivalPerSec: 100 / 1800, ahtSec: 180, thresholdSec: 20 };

interface Published {
  source: string;
  agents: number;
  probWait: [number, number];
  serviceLevel?: [number, number];
  occupancy?: [number, number];
  asaSec?: [number, number];
}

// [value, decimal digits] — toBeCloseTo(value, digits) checks |Δ| < 10^-digits / 2.
const PUBLISHED: Published[] = [
  { source: 'pyworkforce README: required_positions(service_level=0.8) → raw_positions 14', agents: 14, probWait: [0.1741319335950498, 15], serviceLevel: [0.8883500191794669, 15], occupancy: [0.7142857142857143, 15] },
  { source: 'R ErlangC README: erlang_c(100, 30 min, 180 s, 20 s, 14)', agents: 14, probWait: [0.1741319, 7], serviceLevel: [0.88835, 5], occupancy: [0.7142857, 7], asaSec: [7.83593701177724, 13] },
  { source: 'R ErlangC README: calculate_agents process, first row (11 agents)', agents: 11, probWait: [0.6821182, 7], serviceLevel: [0.3896138, 7] },
  { source: 'pyworkforce test_over_occupancy_erlangc: 15 positions', agents: 15, probWait: [0.102, 3], serviceLevel: [0.941, 3], occupancy: [0.667, 3] },
];

describe('erlang C against published worked examples', () => {
  it('has 10 Erlangs of traffic', () => {
    expect(erlangC({ ...example, agents: 14 }).trafficErlangs).toBeCloseTo(10, 12);
  });

  it.each(PUBLISHED)('$source', ({ agents, probWait, serviceLevel: sl, occupancy, asaSec: asa }) => {
    const f = erlangFigures({ ...example, agents });
    expect(f.probWait).toBeCloseTo(...probWait);
    if (sl) expect(f.serviceLevel).toBeCloseTo(...sl);
    if (occupancy) expect(f.occupancy).toBeCloseTo(...occupancy);
    if (asa) expect(f.asaSec).toBeCloseTo(...asa);
  });

  it('needs 14 agents for 80/20 (pyworkforce raw_positions, R calculate_agents $agents)', () => {
    expect(requiredAgents({ ...example, target: 0.8 })).toBe(14);
  });

  it('agrees between the single-figure functions and erlangFigures', () => {
    const input = { ...example, agents: 13 };
    const f = erlangFigures(input);
    expect(serviceLevel(input)).toBe(f.serviceLevel);
    expect(asaSec(input)).toBe(f.asaSec);
  });
});

describe('erlang C edge cases', () => {
  it.each([
    { agents: 10, why: 'exactly the traffic' },
    { agents: 7, why: 'fewer agents than traffic' },
    { agents: 0, why: 'nobody staffed' },
  ])('never drains with $why: everyone waits, nobody within T, endless ASA', ({ agents }) => {
    const f = erlangFigures({ ...example, agents });
    expect(f).toMatchObject({ probWait: 1, serviceLevel: 0, asaSec: Number.POSITIVE_INFINITY, occupancy: 1 });
  });

  it('with no arrivals needs nobody and meets any goal', () => {
    const quiet = { arrivalPerSec: 0, ahtSec: 300, thresholdSec: 20 };
    expect(requiredAgents({ ...quiet, target: 0.9 })).toBe(0);
    expect(erlangFigures({ ...quiet, agents: 3 })).toMatchObject({ probWait: 0, serviceLevel: 1, asaSec: 0, occupancy: 0 });
    expect(erlangFigures({ ...quiet, agents: 0 })).toMatchObject({ probWait: 0, serviceLevel: 1, asaSec: 0, occupancy: 0 });
  });

  it('stops at maxAgents when the goal is out of reach', () => {
    expect(requiredAgents({ ...example, target: 0.99, maxAgents: 12 })).toBe(12);
  });

  it.each([
    { arrivalPerSec: -1, ahtSec: 180, agents: 3 },
    { arrivalPerSec: Number.NaN, ahtSec: 180, agents: 3 },
    { arrivalPerSec: 1, ahtSec: Number.POSITIVE_INFINITY, agents: 3 },
    { arrivalPerSec: 1, ahtSec: 180, agents: 2.5 },
  ])('rejects $arrivalPerSec/s × $ahtSec s with $agents agents', (input) => {
    expect(() => erlangC(input)).toThrow(RangeError);
  });
});

// Textbook Erlang C, Pw = (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)), evaluated
// in log space: an independent reference that neither overflows nor shares the recurrence.
function referenceProbWait(traffic: number, agents: number): number {
  const logTerms: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k < agents; k++) {
    if (k > 0) logFactorial += Math.log(k);
    logTerms.push(k * Math.log(traffic) - logFactorial);
  }
  const logTop = agents * Math.log(traffic) - (logFactorial + Math.log(agents)) + Math.log(agents / (agents - traffic));
  const max = Math.max(logTop, ...logTerms);
  const sum = logTerms.reduce((s, t) => s + Math.exp(t - max), 0) + Math.exp(logTop - max);
  return Math.exp(logTop - max) / sum;
}

describe('erlang C for large centres', () => {
  it.each([
    { traffic: 480, agents: 500 },
    { traffic: 1900, agents: 1950 },
    { traffic: 4800, agents: 4900 },
  ])('stays finite and matches the log-space formula at $agents agents', ({ traffic, agents }) => {
    const c = erlangC({ arrivalPerSec: traffic / 240, ahtSec: 240, agents });
    expect(Number.isFinite(c.probWait)).toBe(true);
    expect(c.probWait).toBeCloseTo(referenceProbWait(traffic, agents), 9);
  });

  it('evaluates absurdly many agents without looping over them', () => {
    expect(erlangC({ ...example, agents: 1e9 }).probWait).toBe(0);
  });

  it('sizes a 4800-Erlang centre just above its traffic', () => {
    const n = requiredAgents({ arrivalPerSec: 20, ahtSec: 240, target: 0.8, thresholdSec: 20 });
    expect(n).toBeGreaterThan(4800);
    expect(n).toBeLessThan(4900);
  });
});

const load = fc.record({
  arrivalPerSec: fc.double({ min: 0.001, max: 20, noNaN: true }),
  ahtSec: fc.double({ min: 5, max: 1200, noNaN: true }),
  thresholdSec: fc.integer({ min: 0, max: 600 }),
});

describe('erlang C properties', () => {
  it('service level never falls as agents are added', () => {
    fc.assert(
      fc.property(load, fc.integer({ min: 0, max: 40 }), (input, extra) => {
        const base = Math.floor(input.arrivalPerSec * input.ahtSec) + extra;
        const now = serviceLevel({ ...input, agents: base });
        const more = serviceLevel({ ...input, agents: base + 1 });
        expect(more).toBeGreaterThanOrEqual(now);
        if (now < 1 - 1e-9) expect(more).toBeGreaterThan(now);
      }),
    );
  });

  it('requiredAgents meets the goal and one agent fewer does not', () => {
    fc.assert(
      fc.property(load, fc.double({ min: 0.05, max: 0.99, noNaN: true }), (input, target) => {
        const n = requiredAgents({ ...input, target });
        expect(serviceLevel({ ...input, agents: n })).toBeGreaterThanOrEqual(target);
        expect(serviceLevel({ ...input, agents: n - 1 })).toBeLessThan(target);
      }),
    );
  });

  it('keeps every probability within [0, 1] and matches the textbook formula', () => {
    fc.assert(
      fc.property(load, fc.integer({ min: 1, max: 300 }), (input, agents) => {
        const c = erlangC({ ...input, agents });
        expect(c.probWait).toBeGreaterThanOrEqual(0);
        expect(c.probWait).toBeLessThanOrEqual(1);
        if (agents > c.trafficErlangs) expect(c.probWait).toBeCloseTo(referenceProbWait(c.trafficErlangs, agents), 9);
      }),
    );
  });
});
