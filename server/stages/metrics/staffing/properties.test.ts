/** Properties of the staffing maths over random loads (fast-check), and centres of 12,000 agents. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_AGENTS, erlangB, erlangC, meetsGoal, requiredAgents, staffingFigures, type StaffingGoal } from './index.js';
import type { Load } from './figures.js';

const load = fc.record({
  arrivalPerSec: fc.double({ min: 0.001, max: 20, noNaN: true }),
  ahtSec: fc.double({ min: 5, max: 1200, noNaN: true }),
  thresholdSec: fc.integer({ min: 0, max: 600 }),
});
const patience = fc.option(fc.double({ min: 5, max: 3600, noNaN: true }), { nil: undefined });

// Textbook Erlang C, Pw = (A^N/N!·N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N!·N/(N−A)), in log space: a
// reference that neither overflows nor shares the recurrence.
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

describe('staffing properties', () => {
  it('keeps every probability within [0, 1], and Erlang C matches the textbook formula', () => {
    fc.assert(
      fc.property(load, patience, fc.integer({ min: 0, max: 300 }), (input, patienceSec, agents) => {
        const f = staffingFigures({ ...input, agents, patienceSec });
        for (const p of [f.probWait, f.serviceLevel, f.occupancy, f.abandonProbability, f.immediateAnswerProbability]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(f.asaSec).toBeGreaterThanOrEqual(0);
        if (patienceSec === undefined && agents > f.trafficErlangs) expect(f.probWait).toBeCloseTo(referenceProbWait(f.trafficErlangs, agents), 9);
      }),
    );
  });

  it('service level never falls and ASA never rises as agents are added, with or without abandons', () => {
    fc.assert(
      fc.property(load, patience, fc.integer({ min: 0, max: 40 }), (input, patienceSec, extra) => {
        const base = Math.max(0, Math.floor(input.arrivalPerSec * input.ahtSec) - 5) + extra;
        const now = staffingFigures({ ...input, agents: base, patienceSec });
        const more = staffingFigures({ ...input, agents: base + 1, patienceSec });
        // Erlang A's service level is 1 − P(Ab) − P(answered late): far over capacity both terms are near 1 and the
        // difference carries their rounding, about 1e-12 (seed 1105465293: 7 erlangs, 5 → 6 agents, T 0: 1.09e-12 → 0).
        expect(more.serviceLevel).toBeGreaterThanOrEqual(now.serviceLevel - 1e-10);
        expect(more.asaSec).toBeLessThanOrEqual(now.asaSec + 1e-9);
        expect(more.abandonProbability).toBeLessThanOrEqual(now.abandonProbability + 1e-12);
      }),
      { examples: [[{ arrivalPerSec: 1.4, ahtSec: 5, thresholdSec: 0 }, 3599.9628416801165, 3]] },
    );
  });

  it('Erlang A tends to Erlang C as patience grows', () => {
    fc.assert(
      fc.property(load, fc.integer({ min: 1, max: 30 }), (input, spare) => {
        const agents = Math.ceil(input.arrivalPerSec * input.ahtSec) + spare;
        const c = erlangC({ ...input, agents });
        // The gap is the model's, about 1/patience: at N = A + 1 of 23,108 Erlangs a patience of 1e9 AHTs still
        // moves the service level by 5.0e-6 (seed 792964051), 1e12 AHTs by 5e-9, within every tolerance below.
        const a = staffingFigures({ ...input, agents, patienceSec: input.ahtSec * 1e12 });
        expect(a.probWait).toBeCloseTo(c.probWait, 5);
        expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 5);
        expect(a.abandonProbability).toBeCloseTo(0, 6);
        expect(Math.abs(a.asaSec - c.asaSec)).toBeLessThanOrEqual(1e-6 * Math.max(1, c.asaSec));
      }),
      {
        numRuns: 40, // near N = A each run sums tens of thousands of terms
        examples: [[{ arrivalPerSec: 19.53454679367624, ahtSec: 1182.9184570311008, thresholdSec: 385 }, 1]],
      },
    );
  });

  it('Erlang B past 1,000 lines (a sum of its largest terms) is the recurrence to 1e-12', () => {
    // The recurrence, line by line, as erlangB runs it up to 1,000 lines.
    const recurrence = (traffic: number, lines: number) => {
      let b = 1;
      for (let n = 1; n <= lines && b > 0; n++) b = (traffic * b) / (n + traffic * b);
      return b;
    };
    fc.assert(
      fc.property(fc.double({ min: 1, max: 100_000, noNaN: true }), fc.double({ min: 0.5, max: 1.5, noNaN: true }), (traffic, ratio) => {
        const lines = Math.max(1001, Math.round(traffic * ratio));
        const expected = recurrence(traffic, lines);
        const b = erlangB(traffic, lines);
        if (expected < 1e-290) expect(b).toBeLessThan(1e-290);
        else expect(Math.abs(b - expected) / expected).toBeLessThan(1e-12);
      }),
      { examples: [[24_000, 1.004], [1e-3 + 1000, 1.001], [100_000, 0.5], [1, 1.5]] },
    );
  });

  it('Erlang B falls as lines are added and stays within [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 5000, noNaN: true }), fc.integer({ min: 0, max: 6000 }), (traffic, lines) => {
        const now = erlangB(traffic, lines);
        const more = erlangB(traffic, lines + 1);
        expect(now).toBeGreaterThanOrEqual(0);
        expect(now).toBeLessThanOrEqual(1);
        expect(more).toBeLessThanOrEqual(now);
        if (now > 1e-300) expect(more).toBeLessThan(now);
      }),
    );
  });

  it('requiredAgents meets every goal and one agent fewer does not', () => {
    const goals = fc.record({
      target: fc.option(fc.double({ min: 0.05, max: 0.99, noNaN: true }), { nil: undefined }),
      targetAsaSec: fc.option(fc.double({ min: 1, max: 300, noNaN: true }), { nil: undefined }),
      maxOccupancy: fc.option(fc.double({ min: 0.5, max: 1, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(load, patience, goals, (input, patienceSec, goal) => {
        fc.pre(goal.target !== undefined || goal.targetAsaSec !== undefined);
        const query = { ...input, ...goal, patienceSec };
        const n = requiredAgents(query);
        const at = (agents: number) => staffingFigures({ ...input, agents, patienceSec });
        const meets = (f: ReturnType<typeof at>) =>
          (goal.target === undefined || f.serviceLevel >= goal.target) &&
          (goal.targetAsaSec === undefined || f.asaSec <= goal.targetAsaSec) &&
          (goal.maxOccupancy === undefined || f.occupancy <= goal.maxOccupancy);
        expect(meets(at(n))).toBe(true);
        if (n > 0) expect(meets(at(n - 1)) && Number.isFinite(at(n - 1).asaSec)).toBe(false);
      }),
    );
  });
});

/** The least N meeting the goal by halving over [0, maxAgents]: the search requiredAgents made before it doubled up from the traffic. */
function halvingSearch(input: Load & StaffingGoal): number {
  const maxAgents = input.maxAgents ?? DEFAULT_MAX_AGENTS;
  const meets = (agents: number) => meetsGoal(staffingFigures({ ...input, agents }), input);
  if (input.arrivalPerSec === 0) return 0;
  if (!meets(maxAgents)) return maxAgents;
  let low = 0;
  let high = maxAgents;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
    else low = mid;
  }
  return low === 0 && meets(0) ? 0 : high;
}

describe('the search for the least N', () => {
  // A grid of ordinary loads (a fixed one: a random search finds float noise where a goal is not monotone in N).
  const grid = [0.01, 0.1, 0.5, 2, 10].flatMap((arrivalPerSec) =>
    [30, 180, 600].flatMap((ahtSec) => [20, 60].flatMap((thresholdSec) => [0.8, 0.9].flatMap((target) => [undefined, 60, 300].map((patienceSec) => ({ arrivalPerSec, ahtSec, thresholdSec, target, patienceSec }))))),
  );
  it(`finds what halving over every N up to the cap finds, for ${grid.length} ordinary loads with and without patience`, () => {
    for (const query of grid) expect(requiredAgents(query), JSON.stringify(query)).toBe(halvingSearch(query));
    for (const query of grid) expect(requiredAgents({ ...query, maxAgents: 10 }), JSON.stringify(query)).toBe(halvingSearch({ ...query, maxAgents: 10 }));
  });

  it('finds the same N from wherever it starts (the last answer, above it, below it, nonsense)', () => {
    for (const query of grid) {
      const n = halvingSearch(query);
      for (const from of [n, n - 1, n + 1, n - 37, n + 1000, 0, DEFAULT_MAX_AGENTS, DEFAULT_MAX_AGENTS + 5, -3, 2.5, Number.NaN]) {
        expect(requiredAgents({ ...query, from }), `${JSON.stringify(query)} from ${from}`).toBe(n);
      }
      expect(requiredAgents({ ...query, maxAgents: 10, from: n }), JSON.stringify(query)).toBe(halvingSearch({ ...query, maxAgents: 10 }));
    }
    // Down to where the answer can begin: no agent meets a target of 0 when callers hang up (Erlang A).
    const anyone = { arrivalPerSec: 1, ahtSec: 180, thresholdSec: 20, patienceSec: 60, target: 0 };
    expect([requiredAgents(anyone), requiredAgents({ ...anyone, from: 10 })]).toEqual([0, 0]);
  });

  it('started anywhere, gives an N that meets the goal with one fewer failing', () => {
    fc.assert(
      fc.property(load, patience, fc.double({ min: 0.05, max: 0.99, noNaN: true }), fc.integer({ min: 0, max: 2000 }), (input, patienceSec, target, from) => {
        const query = { ...input, patienceSec, target };
        const n = requiredAgents({ ...query, from });
        expect(meetsGoal(staffingFigures({ ...query, agents: n }), query)).toBe(true);
        if (n > 0) expect(meetsGoal(staffingFigures({ ...query, agents: n - 1 }), query)).toBe(false);
      }),
    );
  });

  it('where float noise makes a goal not monotone, still gives an N that meets it with one fewer failing', () => {
    // Erlang A's occupancy at 5, 6 and 7 agents: 0.9999999999999896, 0.9999999999999999, 0.9999999999989493.
    const query = { arrivalPerSec: 3.9632547755553635, ahtSec: 5, thresholdSec: 24, patienceSec: 20.463138119767486, target: 0.05, maxOccupancy: 0.9999999999999896 };
    const meets = (agents: number) => meetsGoal(staffingFigures({ ...query, agents }), query);
    expect([4, 5, 6, 7].map(meets)).toEqual([false, true, false, true]);
    expect(requiredAgents(query)).toBe(5);
  });
});

describe('centres of 12,000 agents and more', () => {
  it.each([
    { traffic: 480, agents: 500 },
    { traffic: 4800, agents: 4900 },
    { traffic: 11_900, agents: 12_000 },
  ])('Erlang C at $agents agents stays finite and matches the log-space formula', ({ traffic, agents }) => {
    const c = erlangC({ arrivalPerSec: traffic / 240, ahtSec: 240, agents, thresholdSec: 20 });
    expect(c.probWait).toBeCloseTo(referenceProbWait(traffic, agents), 9);
  });

  // With abandons, a service-level goal alone can be met below the traffic: callers who would wait
  // long hang up instead, and the rest are answered quickly (never fewer than target × traffic).
  it.each([undefined, 30, 180, 3600])('sizes 12,000 Erlangs sanely (patience %s s)', (patienceSec) => {
    const input = { arrivalPerSec: 40, ahtSec: 300, thresholdSec: 20, patienceSec };
    const n = requiredAgents({ ...input, target: 0.8 });
    const f = staffingFigures({ ...input, agents: n });
    for (const v of Object.values(f)) expect(Number.isFinite(v)).toBe(true);
    expect(f.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(n).toBeGreaterThan(patienceSec === undefined ? 12_000 : 0.8 * 12_000 - 1);
    expect(n).toBeLessThan(12_200);
  });

  it('evaluates absurdly many agents and lines without looping over them', () => {
    expect(erlangC({ arrivalPerSec: 1, ahtSec: 180, agents: 1e9, thresholdSec: 20 }).probWait).toBe(0);
    expect(erlangB(100, 1e9)).toBe(0);
  });
});
