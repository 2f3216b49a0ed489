/** The figures every staffing model reports for one staffing level, and what they are computed from. */

/** The traffic: λ in contacts per second and the average handle time (talk + after-call work). */
export interface Load {
  arrivalPerSec: number;
  ahtSec: number;
}

/** One staffing level to evaluate: the load, N agents, the service-level threshold T and, for Erlang A, the callers' mean patience. */
export interface StaffingInput extends Load {
  agents: number;
  thresholdSec: number;
  /** Mean patience before abandoning (Erlang A); absent, null or Infinity: nobody abandons (Erlang C). */
  patienceSec?: number | null;
}

/** What N agents achieve. Times are Infinity when the queue never drains (Erlang C with N ≤ A). */
export interface StaffingFigures {
  /** Offered load A = λ·AHT in Erlangs: how many agents would be busy on average. */
  trafficErlangs: number;
  agents: number;
  /** Carried load ÷ N, at most 1: the share of staffed time spent handling. */
  occupancy: number;
  /** Probability that an arriving contact has to wait. */
  probWait: number;
  /** 1 − probWait: answered at once. */
  immediateAnswerProbability: number;
  /** Share of offered contacts answered within T (abandons count as missed). */
  serviceLevel: number;
  /** Mean wait of all offered contacts (with Erlang A, an abandoning caller's wait counts up to when they hang up). */
  asaSec: number;
  /** Mean wait of the contacts that wait at all. */
  meanWaitOfDelayedSec: number;
  /** Share of offered contacts that hang up before an agent answers (0 with Erlang C). */
  abandonProbability: number;
}

/** checkInput fails loudly on inputs no caller should pass: a silent NaN on a wallboard is worse. */
export function checkInput(input: Load & { agents: number; thresholdSec?: number; patienceSec?: number | null }): void {
  const { arrivalPerSec, ahtSec, agents, thresholdSec, patienceSec } = input;
  if (!(arrivalPerSec >= 0) || !Number.isFinite(arrivalPerSec)) throw new RangeError('arrivalPerSec must be a finite number ≥ 0');
  if (!(ahtSec > 0) || !Number.isFinite(ahtSec)) throw new RangeError('ahtSec must be a finite number > 0');
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number ≥ 0');
  if (thresholdSec !== undefined && !(thresholdSec >= 0)) throw new RangeError('thresholdSec must be a number ≥ 0');
  if (patienceSec !== undefined && patienceSec !== null && !(patienceSec > 0)) throw new RangeError('patienceSec must be a number > 0');
}

/** noTraffic: with nothing offered nobody waits and every goal is met. */
export function noTraffic(agents: number): StaffingFigures {
  return { trafficErlangs: 0, agents, occupancy: 0, probWait: 0, immediateAnswerProbability: 1, serviceLevel: 1, asaSec: 0, meanWaitOfDelayedSec: 0, abandonProbability: 0 };
}
