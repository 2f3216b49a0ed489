/**
 * The staffing maths against worked examples published by independent sources. Each figure keeps
 * the precision it was published with: toBeCloseTo(value, digits) checks |Δ| < 10^−digits / 2.
 *
 * [CCH] Call Centre Helper, "Erlang C formula – example" (callcentrehelper.com/erlang-c-formula-example-121281.htm):
 *       100 calls in 30 minutes, AHT 180 s, 80 % answered within 20 s. Figures as printed by
 *       - the R package ErlangC 0.1.0 README (CRAN; github.com/Damonsoul/ErlangC): erlang_c(…, 14) and
 *         calculate_agents(…, max_occupancy = 0.85, shrinkage = 0.3), whose $process table lists 11–14 agents
 *         and whose $agents_shrinked is 20;
 *       - pyworkforce's README and tests (required_positions → raw_positions 14; 15 positions: 0.102 / 0.941 / 0.667).
 * [MIT] mitan.co.uk, "The Erlang-C formula" (mitan.co.uk/erlang/elgcmath.htm): 360 calls per half hour,
 *       4-minute calls, 55 agents, 15 s target — E_c 0.2387, mean wait 8.184 s, P(wait ≤ 15 s) 0.8459, as
 *       reproduced in the Maxima worksheet "Expected Waiting Time Formulas in Maxima", which states its
 *       figures agree with that page.
 * [WB]  Westbay Engineers' Erlang calculator manual (erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm):
 *       15 lines at 1 % blocking carry 8.108 Erlangs of busy-hour traffic.
 * [WM]  Wolfram, "Enhanced core algorithms" (Mathematica 9): with 30 call lines and 25 Erlangs the
 *       blocking probability ErlangB[30, 25.] is approximately 0.05.
 * [MZ]  Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with applications to call centers" (Technion, 2005),
 *       §4.4–4.6: P{W>0} = A·E / (1 + (A − 1)·E), P{Ab | W>0} = 1/(ρ·A) + 1 − 1/ρ with
 *       A = A(Nμ/θ, λ/θ) = (x·e^y / y^x)·γ(x, y), E = Erlang B, ρ = λ/(Nμ); and E[W] = P{Ab}/θ.
 */
import { describe, expect, it } from 'vitest';
import { agentsWithShrinkage, erlangA, erlangB, requiredAgents, staffingFigures } from './index.js';

const cch = { arrivalPerSec: 100 / 1800, ahtSec: 180, thresholdSec: 20 };

type Digits = [number, number];
interface Published {
  source: string;
  agents: number;
  probWait: Digits;
  serviceLevel?: Digits;
  occupancy?: Digits;
  asaSec?: Digits;
  immediateAnswerProbability?: Digits;
}

const CCH: Published[] = [
  { source: '[CCH] R ErlangC erlang_c(…, 14)', agents: 14, probWait: [0.1741319, 7], serviceLevel: [0.88835, 5], occupancy: [0.7142857, 7], asaSec: [7.83593701177724, 13], immediateAnswerProbability: [0.8258681, 7] },
  { source: '[CCH] R ErlangC $process, 11 agents', agents: 11, probWait: [0.6821182, 7], serviceLevel: [0.3896138, 7], occupancy: [0.9090909, 7], asaSec: [122.78127684408, 10], immediateAnswerProbability: [0.3178818, 7] },
  { source: '[CCH] R ErlangC $process, 12 agents', agents: 12, probWait: [0.4493882, 7], serviceLevel: [0.640158, 6], occupancy: [0.8333333, 7], asaSec: [40.4449401868444, 12], immediateAnswerProbability: [0.5506118, 7] },
  { source: '[CCH] R ErlangC $process, 13 agents', agents: 13, probWait: [0.2852705, 7], serviceLevel: [0.7955948, 7], occupancy: [0.7692308, 7], asaSec: [17.1162271821896, 12], immediateAnswerProbability: [0.7147295, 7] },
  { source: '[CCH] pyworkforce README, 14 positions', agents: 14, probWait: [0.1741319335950498, 15], serviceLevel: [0.8883500191794669, 15], occupancy: [0.7142857142857143, 15] },
  { source: '[CCH] pyworkforce test_over_occupancy_erlangc, 15 positions', agents: 15, probWait: [0.102, 3], serviceLevel: [0.941, 3], occupancy: [0.667, 3] },
];

describe('Erlang C against published worked examples', () => {
  it.each(CCH)('$source', ({ agents, source: _, ...expected }) => {
    const f = staffingFigures({ ...cch, agents });
    expect(f.trafficErlangs).toBeCloseTo(10, 12);
    for (const [name, [value, digits]] of Object.entries(expected)) expect(f[name as keyof typeof f], name).toBeCloseTo(value, digits);
  });

  it('[CCH] needs 14 agents for 80/20 (R calculate_agents $agents, pyworkforce raw_positions)', () => {
    expect(requiredAgents({ ...cch, target: 0.8 })).toBe(14);
  });

  it('[CCH] a maximum occupancy of 85 % changes nothing at 71 %, and 20 agents are scheduled for 30 % shrinkage ($agents_shrinked)', () => {
    const agents = requiredAgents({ ...cch, target: 0.8, maxOccupancy: 0.85 });
    expect(agents).toBe(14);
    expect(agentsWithShrinkage(agents, 0.3)).toBe(20);
  });

  it('[MIT] 360 calls per half hour, 240 s, 55 agents: E_c 0.2387, ASA 8.184 s, 84.59 % within 15 s', () => {
    const f = staffingFigures({ arrivalPerSec: 0.2, ahtSec: 240, agents: 55, thresholdSec: 15 });
    expect(f.trafficErlangs).toBeCloseTo(48, 12);
    expect(f.occupancy).toBeCloseTo(0.8727, 4);
    expect(f.probWait).toBeCloseTo(0.2387, 4);
    expect(f.asaSec).toBeCloseTo(8.184, 3);
    expect(f.serviceLevel).toBeCloseTo(0.8459, 4);
    // The same page's exponent: P(wait > t) = 0.2387·e^(−0.02917·t), i.e. delayed callers wait 1/0.02917 s on average.
    expect(1 / f.meanWaitOfDelayedSec).toBeCloseTo(0.02917, 5);
  });
});

describe('Erlang B against published tables', () => {
  it('[WB] 15 lines offered 8.108 Erlangs block 1 % of calls', () => {
    expect(erlangB(8.108, 15)).toBeCloseTo(0.01, 4);
  });

  it('[WM] 30 lines offered 25 Erlangs block about 5 %', () => {
    expect(erlangB(25, 30)).toBeCloseTo(0.05, 2);
  });
});

describe('Erlang A against the closed forms of [MZ]', () => {
  // A(x, y) summed directly: Σ_j y^j / ((x+1)…(x+j)); small cases only, so plain doubles do.
  const mzA = (x: number, y: number) => {
    let term = 1;
    let sum = 1;
    for (let j = 1; term > 1e-18 * sum || j < y; j++) sum += term *= y / (x + j);
    return sum;
  };

  it.each([
    { agents: 14, patienceSec: 60 },
    { agents: 8, patienceSec: 60 },
    { agents: 12, patienceSec: 600 },
    { agents: 3, patienceSec: 20 },
  ])('$agents agents, patience $patienceSec s', ({ agents, patienceSec }) => {
    const mu = 1 / cch.ahtSec;
    const theta = 1 / patienceSec;
    const lambda = cch.arrivalPerSec;
    const a = mzA((agents * mu) / theta, lambda / theta);
    const e = erlangB(10, agents);
    const rho = lambda / (agents * mu);
    const probWait = (a * e) / (1 + (a - 1) * e);
    const abandonGivenWait = 1 / (rho * a) + 1 - 1 / rho;

    const f = erlangA({ ...cch, agents, patienceSec });
    expect(f.probWait).toBeCloseTo(probWait, 12);
    expect(f.abandonProbability).toBeCloseTo(abandonGivenWait * probWait, 12);
    expect(f.asaSec).toBeCloseTo(f.abandonProbability * patienceSec, 9);
  });
});
