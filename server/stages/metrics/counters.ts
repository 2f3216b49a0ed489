/**
 * Counters are the additive tallies behind every window figure. Being plain sums they
 * can be bucketed, slid, and rolled up across queues and centres by addition alone;
 * ratios are derived only at the end.
 */
export interface Counters {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  transferredOut: number;
  /** Answered contacts whose queue time is known (the only ones service level can judge). */
  timedAnswered: number;
  timedAbandoned: number;
  answeredWithin: number;
  abandonedWithin: number;
  waitSumSec: number;
  completed: number;
  handleSumSec: number;
}

export const COUNTER_KEYS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'transferredOut',
  'timedAnswered',
  'timedAbandoned',
  'answeredWithin',
  'abandonedWithin',
  'waitSumSec',
  'completed',
  'handleSumSec',
] as const satisfies readonly (keyof Counters)[];

export function zeroCounters(): Counters {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    transferredOut: 0,
    timedAnswered: 0,
    timedAbandoned: 0,
    answeredWithin: 0,
    abandonedWithin: 0,
    waitSumSec: 0,
    completed: 0,
    handleSumSec: 0,
  };
}

/** addCounters adds `from` into `into` and returns `into`. */
export function addCounters(into: Counters, from: Counters): Counters {
  for (const key of COUNTER_KEYS) into[key] += from[key];
  return into;
}

/** A change to apply to the counters of one queue at one source time. */
export type CounterDelta = Partial<Counters>;

export function addDelta(into: Counters, delta: CounterDelta): void {
  for (const key in delta) {
    const k = key as keyof Counters;
    into[k] += delta[k] ?? 0;
  }
}
