/**
 * Erlang A against references computed another way: the M/M/∞ identity (patience = AHT makes
 * the number in system Poisson), and a tagged caller followed through a small Markov chain
 * (uniformization) for the service level.
 */
import { describe, expect, it } from 'vitest';
import { erlangA, erlangC, requiredAgents, staffingFigures } from './index.js';

function poisson(mean: number, k: number): number {
  let p = Math.exp(-mean);
  for (let i = 1; i <= k; i++) p *= mean / i;
  return p;
}

describe('Erlang A with patience equal to the handle time (M/M/∞: callers in system are Poisson(A))', () => {
  it.each([
    { traffic: 10, agents: 12 },
    { traffic: 10, agents: 7 },
    { traffic: 40, agents: 45 },
  ])('$agents agents, $traffic Erlangs', ({ traffic, agents }) => {
    const ahtSec = 300;
    const f = erlangA({ arrivalPerSec: traffic / ahtSec, ahtSec, agents, thresholdSec: 20, patienceSec: ahtSec });
    let atLeastN = 1;
    let excess = traffic - agents; // E[(N − n)+] = E[N − n] + E[(n − N)+]
    for (let k = 0; k < agents; k++) {
      atLeastN -= poisson(traffic, k);
      excess += (agents - k) * poisson(traffic, k);
    }
    expect(f.probWait).toBeCloseTo(atLeastN, 12);
    expect(f.abandonProbability).toBeCloseTo(excess / traffic, 12);
  });
});

/**
 * serviceLevelByChain follows a caller who finds every agent busy and j callers ahead: each of
 * those leaves at rate θ, the head is answered at rate Nμ, the caller hangs up at rate θ. The
 * share answered within T, over j in its stationary law, by uniformization.
 */
function serviceLevelByChain(p: { arrivalPerSec: number; ahtSec: number; agents: number; thresholdSec: number; patienceSec: number }): number {
  const serve = p.agents / p.ahtSec;
  const theta = 1 / p.patienceSec;
  const weights = [1];
  for (let j = 1; j < 400; j++) weights.push(((weights[j - 1] ?? 0) * p.arrivalPerSec) / (serve + j * theta));
  const total = weights.reduce((s, w) => s + w, 0);
  let state = weights.map((w) => w / total); // callers ahead: 0…J
  const rate = serve + (weights.length + 1) * theta;
  let answered = 0;
  let answeredByT = 0;
  let poissonTerm = Math.exp(-rate * p.thresholdSec);
  for (let m = 0; m < 5000; m++) {
    answeredByT += poissonTerm * answered;
    const next = new Array<number>(state.length).fill(0);
    state.forEach((mass, k) => {
      const ahead = k === 0 ? 0 : serve + k * theta; // someone ahead leaves
      const own = k === 0 ? serve : 0; // answered
      next[k] = (next[k] ?? 0) + mass * (1 - (ahead + own + theta) / rate);
      if (k > 0) next[k - 1] = (next[k - 1] ?? 0) + (mass * ahead) / rate;
      answered += (mass * own) / rate;
    });
    state = next;
    poissonTerm *= (rate * p.thresholdSec) / (m + 1);
  }
  const f = erlangA(p);
  return 1 - f.probWait + f.probWait * answeredByT;
}

describe('Erlang A service level', () => {
  it.each([
    { agents: 14, patienceSec: 60, thresholdSec: 20 },
    { agents: 9, patienceSec: 120, thresholdSec: 30 },
    { agents: 11, patienceSec: 30, thresholdSec: 10 },
  ])('matches a tagged caller followed through the queue: $agents agents, patience $patienceSec s', (c) => {
    const input = { arrivalPerSec: 100 / 1800, ahtSec: 180, ...c };
    expect(erlangA(input).serviceLevel).toBeCloseTo(serviceLevelByChain(input), 9);
  });

  it('with endless patience is Erlang C', () => {
    const input = { arrivalPerSec: 100 / 1800, ahtSec: 180, agents: 13, thresholdSec: 20 };
    const a = erlangA({ ...input, patienceSec: 1e12 });
    const c = erlangC(input);
    for (const name of ['probWait', 'serviceLevel', 'asaSec', 'meanWaitOfDelayedSec', 'occupancy'] as const) expect(a[name], name).toBeCloseTo(c[name], 6);
  });

  it('drains an overloaded queue through abandons: the fluid limit 1 − N/A for a very large centre', () => {
    const f = erlangA({ arrivalPerSec: 40, ahtSec: 300, agents: 10_000, thresholdSec: 20, patienceSec: 120 });
    expect(f.probWait).toBeCloseTo(1, 9);
    expect(f.abandonProbability).toBeCloseTo(1 - 10_000 / 12_000, 3);
    expect(f.asaSec).toBeCloseTo(f.abandonProbability * 120, 9);
  });

  it('with nobody staffed everyone waits and hangs up', () => {
    const f = erlangA({ arrivalPerSec: 0.1, ahtSec: 180, agents: 0, thresholdSec: 20, patienceSec: 60 });
    expect(f).toMatchObject({ probWait: 1, serviceLevel: 0, abandonProbability: 1, asaSec: 60 });
  });
});

describe('requiredAgents with an abandon target (Erlang A)', () => {
  const load = { arrivalPerSec: 100 / 180, ahtSec: 180, thresholdSec: 20, patienceSec: 120 };

  it('staffs until at most that share hangs up, and one agent fewer lets more hang up', () => {
    const n = requiredAgents({ ...load, maxAbandon: 0.03 });
    expect(staffingFigures({ ...load, agents: n }).abandonProbability).toBeLessThanOrEqual(0.03);
    expect(staffingFigures({ ...load, agents: n - 1 }).abandonProbability).toBeGreaterThan(0.03);
    // A service level met long before the abandons are low enough does not stop the search early.
    expect(requiredAgents({ ...load, target: 0.8, maxAbandon: 0.03 })).toBe(n);
    expect(requiredAgents({ ...load, target: 0.8 })).toBeLessThan(n);
  });

  it('needs a patience: without it nobody hangs up', () => {
    expect(() => requiredAgents({ arrivalPerSec: 1, ahtSec: 180, thresholdSec: 20, maxAbandon: 0.05 })).toThrow(/needs a mean patience/);
    expect(() => requiredAgents({ ...load, maxAbandon: 0 })).toThrow(/maxAbandon must be above 0/);
  });
});
