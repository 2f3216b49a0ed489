/**
 * Erlang C: the M/M/N queue behind contact-centre staffing. With arrival rate λ, average
 * handle time AHT and N agents it gives the probability that a contact waits, the service
 * level (share answered within T), the average speed of answer and the least N that meets
 * a service-level goal. Pure: numbers in, numbers out.
 *
 *   traffic A = λ·AHT (Erlangs)          occupancy ρ = A/N
 *   Erlang B  B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1))
 *   Erlang C  Pw = B / (1 − ρ(1 − B))     (Pw = 1 when N ≤ A: the queue never drains)
 *   service level SL(T) = 1 − Pw·e^(−(N−A)·T/AHT)     ASA = Pw·AHT / (N − A)
 *   with no traffic nobody waits: Pw = 0, SL = 1, ASA = 0
 *
 * Erlang B is built up one agent at a time instead of from A^N/N!, which overflows a double
 * past about 170 agents; the recurrence stays in [0, 1] for any N.
 */

/** What Erlang C needs: λ in contacts per second, AHT in seconds (talk + after-call work). */
export interface ErlangInput {
  arrivalPerSec: number;
  ahtSec: number;
  agents: number;
}

/** Erlang C's basic figures for one staffing level. */
export interface ErlangC {
  /** Offered load A = λ·AHT in Erlangs: how many agents would be busy on average. */
  trafficErlangs: number;
  /** A/N, capped at 1: the share of staffed time spent handling. */
  occupancy: number;
  /** Probability that an arriving contact has to wait. */
  probWait: number;
}

/** Every figure for one staffing level, as shown by `surge erlang`. */
export interface ErlangFigures extends ErlangC {
  agents: number;
  serviceLevel: number;
  /** Average speed of answer; Infinity when N ≤ A. */
  asaSec: number;
}

/** A service-level goal: `target` (0.8) of contacts answered within `thresholdSec` (20). */
export interface ServiceGoal {
  target: number;
  thresholdSec: number;
}

/** Where requiredAgents stops looking when a goal cannot be met (e.g. a target of 1). */
export const DEFAULT_MAX_AGENTS = 100_000;

/** erlangC gives traffic, occupancy and the probability of waiting for N agents. */
export function erlangC(input: ErlangInput): ErlangC {
  const { agents } = checked(input);
  const traffic = input.arrivalPerSec * input.ahtSec;
  let b = 1;
  // Once B underflows to 0 it stays 0, so a huge N costs no more than the N where that happens.
  for (let n = 1; n <= agents && b > 0; n++) b = (traffic * b) / (n + traffic * b);
  return withErlangB(traffic, agents, b);
}

/** serviceLevel is the expected share of contacts answered within `thresholdSec`. */
export function serviceLevel(input: ErlangInput & { thresholdSec: number }): number {
  return levelOf(erlangC(input), input);
}

/** asaSec is the expected average wait of all contacts (Infinity when N ≤ A). */
export function asaSec(input: ErlangInput): number {
  return asaOf(erlangC(input), input);
}

/** erlangFigures computes every figure at once, sharing one Erlang C evaluation. */
export function erlangFigures(input: ErlangInput & { thresholdSec: number }): ErlangFigures {
  const c = erlangC(input);
  return { ...c, agents: input.agents, serviceLevel: levelOf(c, input), asaSec: asaOf(c, input) };
}

/**
 * requiredAgents is the least N whose service level meets the goal: 0 when there is no
 * traffic, at most `maxAgents`. One pass: Erlang B for N comes from B for N − 1.
 */
export function requiredAgents(
  input: Omit<ErlangInput, 'agents'> & ServiceGoal & { maxAgents?: number },
): number {
  const maxAgents = input.maxAgents ?? DEFAULT_MAX_AGENTS;
  checked({ ...input, agents: maxAgents });
  if (!(input.target >= 0) || !(input.thresholdSec >= 0)) {
    throw new RangeError('target and thresholdSec must be numbers ≥ 0');
  }
  const traffic = input.arrivalPerSec * input.ahtSec;
  if (traffic === 0) return 0;
  let b = 1;
  for (let n = 1; n <= maxAgents; n++) {
    b = (traffic * b) / (n + traffic * b);
    if (n <= traffic) continue;
    const figures = { ...input, agents: n };
    if (levelOf(withErlangB(traffic, n, b), figures) >= input.target) return n;
  }
  return maxAgents;
}

function withErlangB(traffic: number, agents: number, erlangB: number): ErlangC {
  if (traffic === 0) return { trafficErlangs: 0, occupancy: 0, probWait: 0 };
  const occupancy = agents > 0 ? Math.min(1, traffic / agents) : 1;
  if (agents <= traffic) return { trafficErlangs: traffic, occupancy, probWait: 1 };
  const probWait = erlangB / (1 - occupancy * (1 - erlangB));
  return { trafficErlangs: traffic, occupancy, probWait };
}

function levelOf(c: ErlangC, input: ErlangInput & { thresholdSec: number }): number {
  if (c.trafficErlangs === 0) return 1;
  if (input.agents <= c.trafficErlangs) return 0;
  const spare = input.agents - c.trafficErlangs;
  return 1 - c.probWait * Math.exp((-spare * input.thresholdSec) / input.ahtSec);
}

function asaOf(c: ErlangC, input: ErlangInput): number {
  if (c.trafficErlangs === 0) return 0;
  if (input.agents <= c.trafficErlangs) return Number.POSITIVE_INFINITY;
  return (c.probWait * input.ahtSec) / (input.agents - c.trafficErlangs);
}

// Wrong inputs are programming errors upstream; failing loudly beats a silent NaN on a wallboard.
function checked(input: ErlangInput): { agents: number } {
  const { arrivalPerSec, ahtSec, agents } = input;
  if (!(arrivalPerSec >= 0) || !Number.isFinite(arrivalPerSec)) throw new RangeError('arrivalPerSec must be a finite number ≥ 0');
  if (!(ahtSec >= 0) || !Number.isFinite(ahtSec)) throw new RangeError('ahtSec must be a finite number ≥ 0');
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number ≥ 0');
  return { agents };
}
