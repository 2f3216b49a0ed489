/**
 * Solving for staff: the least N meeting every goal given, then shrinkage on top.
 *
 * Each goal is monotone in N (service level rises, ASA and occupancy fall as agents are added),
 * so a search finds the least N meeting all of them: doubling up from where the answer can begin,
 * then halving back, in O(log(N − start)) evaluations whatever the size of the centre.
 */
import { erlangA } from './erlang-a.js';
import { erlangC } from './erlang-c.js';
import { checkInput, type Load, type StaffingFigures, type StaffingInput } from './figures.js';

/** Where requiredAgents stops looking when the goals cannot be met (e.g. a target of 1). */
export const DEFAULT_MAX_AGENTS = 100_000;

/** The goals to staff for; give at least one of `target`, `targetAsaSec` and `maxAbandon`. */
export interface StaffingGoal {
  /** Service-level target (0.8) for answers within `thresholdSec`. */
  target?: number;
  thresholdSec: number;
  /** Highest acceptable ASA in seconds. */
  targetAsaSec?: number;
  /** Highest acceptable occupancy, e.g. 0.85: agents cannot run at 100 % all day. */
  maxOccupancy?: number;
  /** Highest acceptable share of callers hanging up, e.g. 0.05 (Erlang A: needs `patienceSec`). */
  maxAbandon?: number;
  patienceSec?: number | null;
  maxAgents?: number;
  /**
   * Where the search begins, e.g. the last answer for the same queue: it looks outward from there, so an answer
   * that has not moved costs two evaluations instead of a search up from the traffic. The answer is the same.
   */
  from?: number;
}

/** Whether callers wait as long as it takes (no patience given): Erlang C rather than Erlang A. */
function waitsForever(patienceSec: number | null | undefined): boolean {
  return patienceSec === undefined || patienceSec === null || patienceSec === Number.POSITIVE_INFINITY;
}

/** staffingFigures evaluates N agents: Erlang A when a patience is given, Erlang C otherwise. */
export function staffingFigures(input: StaffingInput): StaffingFigures {
  const { patienceSec } = input;
  return waitsForever(patienceSec) ? erlangC(input) : erlangA({ ...input, patienceSec: patienceSec as number });
}

/** meetsGoal says whether these figures meet every goal given. */
export function meetsGoal(f: StaffingFigures, goal: StaffingGoal): boolean {
  if (f.trafficErlangs === 0) return true;
  if (goal.target !== undefined && !(f.serviceLevel >= goal.target)) return false;
  if (goal.targetAsaSec !== undefined && !(f.asaSec <= goal.targetAsaSec)) return false;
  if (goal.maxOccupancy !== undefined && !(f.occupancy <= goal.maxOccupancy)) return false;
  if (goal.maxAbandon !== undefined && !(f.abandonProbability <= goal.maxAbandon)) return false;
  // Erlang C with N ≤ A never drains, whatever a loose goal says.
  return Number.isFinite(f.asaSec);
}

/**
 * requiredAgents is the least N meeting every goal: 0 when there is no traffic, `maxAgents`
 * when even that many fall short (callers check with meetsGoal).
 */
export function requiredAgents(input: Load & StaffingGoal): number {
  const maxAgents = input.maxAgents ?? DEFAULT_MAX_AGENTS;
  checkInput({ ...input, agents: maxAgents });
  if (input.target === undefined && input.targetAsaSec === undefined && input.maxAbandon === undefined) throw new RangeError('give a service-level, ASA or abandon target');
  if (input.target !== undefined && !(input.target >= 0 && input.target <= 1)) throw new RangeError('target must be between 0 and 1');
  if (input.targetAsaSec !== undefined && !(input.targetAsaSec >= 0)) throw new RangeError('targetAsaSec must be a number ≥ 0');
  if (input.maxOccupancy !== undefined && !(input.maxOccupancy > 0 && input.maxOccupancy <= 1)) throw new RangeError('maxOccupancy must be above 0 and at most 1');
  if (input.maxAbandon !== undefined && !(input.maxAbandon > 0 && input.maxAbandon < 1)) throw new RangeError('maxAbandon must be above 0 and below 1');
  // Without patience nobody hangs up (Erlang C): an abandon target would be met by any queue that drains.
  if (input.maxAbandon !== undefined && !(input.patienceSec !== undefined && input.patienceSec !== null && Number.isFinite(input.patienceSec))) throw new RangeError('an abandon target needs a mean patience (Erlang A)');
  if (input.arrivalPerSec === 0) return 0;
  const meets = (agents: number) => meetsGoal(staffingFigures({ ...input, agents }), input);
  // The answer lies where it can begin or above: without patience (Erlang C) N ≤ A never drains, so above the
  // traffic; with it, anywhere from 0. The search starts at `from` (else that floor) and doubles its step away
  // from there until it has a failing N below a meeting one, then halves back: the answer is most often the
  // traffic plus a few agents, or the last answer, and an evaluation costs about N steps (Erlang B's recurrence),
  // so this costs a fraction of halving down from maxAgents.
  const floor = waitsForever(input.patienceSec) ? Math.min(Math.floor(input.arrivalPerSec * input.ahtSec), maxAgents) : 0;
  const start = Number.isFinite(input.from) ? Math.min(Math.max(Math.floor(input.from!), floor), maxAgents) : floor;
  // low fails and high meets, once both are found.
  let low = start;
  let high = start;
  if (meets(start)) {
    for (let step = 1; ; step *= 2) {
      if (high === floor) return floor;
      low = Math.max(high - step, floor);
      if (!meets(low)) break;
      high = low;
    }
  } else {
    if (start === maxAgents) return maxAgents;
    for (let step = 1; ; step *= 2) {
      high = Math.min(low + step, maxAgents);
      if (meets(high)) break;
      if (high === maxAgents) return maxAgents;
      low = high;
    }
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * agentsWithShrinkage is how many to schedule so that `agents` are on the phones when a share
 * `shrinkage` (breaks, training, absence) is off them: ⌈N / (1 − shrinkage)⌉.
 */
export function agentsWithShrinkage(agents: number, shrinkage: number): number {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number ≥ 0');
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError('shrinkage must be at least 0 and below 1');
  // 14 / 0.7 is 20.000000000000004 in binary floating point; a millionth of an agent is not an agent.
  return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}
