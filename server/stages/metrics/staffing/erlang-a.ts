/**
 * Erlang A (Palm 1946; Garnett, Mandelbaum & Reiman 2002): M/M/N+M, Erlang C where each caller
 * hangs up after an exponential patience with mean 1/θ. Always stable: impatience drains the queue.
 *
 * With μ = 1/AHT, x = Nμ/θ, y = λ/θ, S and M from ./gamma.ts, Erlang B E = B(N, A), and
 * π_N the probability that all N agents are busy with nobody waiting:
 *
 *   probWait P(W>0) = E·S / (1 + (S − 1)·E)           π_N = P(W>0) / S
 *   abandon  P(Ab)  = π_N·M / y                       (= θ·E[Q]/λ)
 *   mean wait E[W]  = π_N·M / λ = P(Ab)/θ             meanWaitOfDelayed = E[W] / P(W>0) = M / (λ·S)
 *   offered wait V of a delayed caller has density π_N·Nμ·exp(−Nμt + y·(1 − e^(−θt))), so
 *   P(answered after waiting longer than T) = π_N·x/(x+1) · e^(−(Nμ+θ)T + y(1 − e^(−θT))) · S(x+1, y·e^(−θT))
 *   serviceLevel(T) = 1 − P(Ab) − that
 *
 * Everything is carried as logarithms, so 12,000 agents, or a centre far over capacity, stay finite.
 * As patience → ∞ every figure tends to Erlang C's.
 */
import { erlangB } from './erlang-b.js';
import { checkInput, noTraffic, type StaffingFigures, type StaffingInput } from './figures.js';
import { queueSeries } from './gamma.js';

/** erlangA evaluates N agents whose callers abandon with mean patience `patienceSec`. */
export function erlangA(input: StaffingInput & { patienceSec: number }): StaffingFigures {
  checkInput(input);
  const { agents: n, ahtSec, arrivalPerSec: lambda, thresholdSec, patienceSec } = input;
  const traffic = lambda * ahtSec;
  if (traffic === 0) return noTraffic(n);
  // Nobody to answer: every caller waits out their patience.
  if (n === 0) return { trafficErlangs: traffic, agents: 0, occupancy: 1, probWait: 1, immediateAnswerProbability: 0, serviceLevel: 0, asaSec: patienceSec, meanWaitOfDelayedSec: patienceSec, abandonProbability: 1 };
  const mu = 1 / ahtSec;
  const theta = 1 / patienceSec;
  const x = (n * mu) / theta;
  const y = lambda / theta;
  const { logSum, logMoment } = queueSeries(x, y);

  const b = erlangB(traffic, n);
  // P(W>0) = 1 / (1 + (1 − E)/(E·S)), with E·S possibly beyond a double.
  const probWait = b === 0 ? 0 : 1 / (1 + Math.exp(Math.log1p(-b) - Math.log(b) - logSum));
  const logPiN = Math.log(probWait) - logSum;
  const abandonProbability = Math.min(1, Math.exp(logPiN + logMoment - Math.log(y)));
  const asaSec = Math.exp(logPiN + logMoment - Math.log(lambda));
  const meanWaitOfDelayedSec = probWait === 0 ? 0 : Math.exp(logMoment - logSum - Math.log(lambda));

  const lateAnswered = probWait === 0 ? 0 : Math.exp(logPiN + Math.log(x) - Math.log(x + 1) + logLateTail(x, y, theta, n * mu, thresholdSec));
  const serviceLevel = Math.min(1, Math.max(0, 1 - abandonProbability - lateAnswered));
  return {
    trafficErlangs: traffic,
    agents: n,
    occupancy: n > 0 ? Math.min(1, (traffic * (1 - abandonProbability)) / n) : 1,
    probWait,
    immediateAnswerProbability: 1 - probWait,
    serviceLevel,
    asaSec,
    meanWaitOfDelayedSec,
    abandonProbability,
  };
}

/** logLateTail is ln[e^(−(Nμ+θ)T + y(1 − e^(−θT))) · S(x+1, y·e^(−θT))]. */
function logLateTail(x: number, y: number, theta: number, serviceRate: number, thresholdSec: number): number {
  const decay = -Math.expm1(-theta * thresholdSec); // 1 − e^(−θT), exact for tiny θT
  const { logSum } = queueSeries(x + 1, y * (1 - decay));
  return -(serviceRate + theta) * thresholdSec + y * decay + logSum;
}
