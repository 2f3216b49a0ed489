/**
 * Erlang C: the M/M/N queue where every caller waits as long as it takes.
 *
 *   A = λ·AHT      ρ = A/N      B = Erlang B(N, A)
 *   probWait C = B / (1 − ρ·(1 − B))                  (1 when N ≤ A: the queue never drains)
 *   serviceLevel(T) = 1 − C·e^(−(N − A)·T/AHT)
 *   meanWaitOfDelayed = AHT / (N − A)       ASA = C · meanWaitOfDelayed
 */
import { erlangB } from './erlang-b.js';
import { checkInput, noTraffic, type StaffingFigures, type StaffingInput } from './figures.js';

/** erlangC evaluates N agents under Erlang C (patienceSec is ignored). */
export function erlangC(input: StaffingInput): StaffingFigures {
  checkInput(input);
  const { agents, ahtSec, thresholdSec } = input;
  const traffic = input.arrivalPerSec * ahtSec;
  if (traffic === 0) return noTraffic(agents);
  const occupancy = agents > 0 ? Math.min(1, traffic / agents) : 1;
  if (agents <= traffic) {
    const never = Number.POSITIVE_INFINITY;
    return { trafficErlangs: traffic, agents, occupancy, probWait: 1, immediateAnswerProbability: 0, serviceLevel: 0, asaSec: never, meanWaitOfDelayedSec: never, abandonProbability: 0 };
  }
  const b = erlangB(traffic, agents);
  const probWait = b / (1 - occupancy * (1 - b));
  const spare = agents - traffic;
  const meanWaitOfDelayedSec = ahtSec / spare;
  return {
    trafficErlangs: traffic,
    agents,
    occupancy,
    probWait,
    immediateAnswerProbability: 1 - probWait,
    serviceLevel: 1 - probWait * Math.exp((-spare * thresholdSec) / ahtSec),
    asaSec: probWait * meanWaitOfDelayedSec,
    meanWaitOfDelayedSec,
    abandonProbability: 0,
  };
}
