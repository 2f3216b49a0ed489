/**
 * Where window counters go: per key (a queue id, CENTRE_KEY for what belongs to no queue, or a
 * skill in the skill tallies), per 10 s bucket of source time and in today's running total.
 */
import { addDelta, zeroCounters, type CounterDelta, type Counters } from './counters.js';
import { dayOf } from './day.js';
import type { PartitionSettings, PartitionState } from './partition.js';

/** Tallies are counters by key: in buckets (5 and 15 minute windows) and for today. */
export interface Tallies {
  buckets: Map<string, Map<number, Counters>>;
  today: Map<string, Counters>;
}

/** The key of events that name no queue (tickets without one, outbound, SMS, IVR calls): they count for the centre only. Queue ids are never empty. */
export const CENTRE_KEY = '';

export function emptyTallies(): Tallies {
  return { buckets: new Map(), today: new Map() };
}

/**
 * count adds `delta` to `key` at source time `ts`, in today's total if `ts` is on the state's day
 * and in its bucket unless older than the horizon (then it counts as a late event).
 */
export function count(state: PartitionState, settings: PartitionSettings, key: string, ts: number, delta: CounterDelta): void {
  if (!tally(state, state, settings, key, ts, delta)) state.late++;
}

/** tally is count into any tallies (the skills'), without judging lateness; false when too old for the buckets. */
export function tally(tallies: Tallies, state: PartitionState, settings: PartitionSettings, key: string, ts: number, delta: CounterDelta): boolean {
  if (dayOf(ts, settings.timezone) === state.day) addToday(tallies, key, delta);
  if (ts < state.watermark - settings.horizonMs) return false;
  const start = ts - (ts % settings.bucketMs);
  let buckets = tallies.buckets.get(key);
  if (!buckets) tallies.buckets.set(key, (buckets = new Map()));
  let counters = buckets.get(start);
  if (!counters) buckets.set(start, (counters = zeroCounters()));
  addDelta(counters, delta);
  return true;
}

/** addToday adds to today's total only (an offer carried over from an earlier day). */
export function addToday(tallies: Tallies, key: string, delta: CounterDelta): void {
  let counters = tallies.today.get(key);
  if (!counters) tallies.today.set(key, (counters = zeroCounters()));
  addDelta(counters, delta);
}

/** dropBucketsBefore forgets buckets that start before `oldest`. */
export function dropBucketsBefore(tallies: Tallies, oldest: number): void {
  for (const [key, buckets] of tallies.buckets) {
    for (const start of buckets.keys()) if (start < oldest) buckets.delete(start);
    if (buckets.size === 0) tallies.buckets.delete(key);
  }
}
