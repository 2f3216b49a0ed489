/**
 * Where window counters go: per key (a queue id, CENTRE_KEY for what belongs to no queue, or a
 * skill in the skill tallies), per 10 s bucket of source time and in today's running total.
 */
import { addCounters, zeroCounters, type CounterDelta, type Counters } from './counters.js';
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

/** tally is count into any tallies, without judging lateness; false when too old for the buckets. */
export function tally(tallies: Tallies, state: PartitionState, settings: PartitionSettings, key: string, ts: number, delta: CounterDelta): boolean {
  const bucket = bucketOf(state, settings, ts);
  addAt(tallies, key, isToday(state, settings, ts), bucket, delta);
  return bucket >= 0;
}

/** Whether counts at `ts` go to today's total. */
export const isToday = (state: PartitionState, settings: PartitionSettings, ts: number): boolean => dayOf(ts, settings.timezone) === state.day;

/** The start of the bucket counts at `ts` go to; −1 when too old for the buckets. */
export const bucketOf = (state: PartitionState, settings: PartitionSettings, ts: number): number =>
  ts < state.watermark - settings.horizonMs ? -1 : ts - (ts % settings.bucketMs);

/** addAt adds `delta` to one key, in today's total and/or a bucket worked out once (a contact counts for each of its agent's skills). */
export function addAt(tallies: Tallies, key: string, inToday: boolean, bucket: number, delta: CounterDelta): void {
  let today: Counters | undefined;
  if (inToday) {
    today = tallies.today.get(key);
    if (!today) tallies.today.set(key, (today = zeroCounters()));
  }
  let counters: Counters | undefined;
  if (bucket >= 0) {
    let buckets = tallies.buckets.get(key);
    if (!buckets) tallies.buckets.set(key, (buckets = new Map()));
    counters = buckets.get(bucket);
    if (!counters) buckets.set(bucket, (counters = zeroCounters()));
  }
  if (today) addCounters(today, delta);
  if (counters) addCounters(counters, delta);
}

/** addToday adds to today's total only (an offer carried over from an earlier day). */
export function addToday(tallies: Tallies, key: string, delta: CounterDelta): void {
  let counters = tallies.today.get(key);
  if (!counters) tallies.today.set(key, (counters = zeroCounters()));
  addCounters(counters, delta);
}

/** dropBucketsBefore forgets buckets that start before `oldest`. */
export function dropBucketsBefore(tallies: Tallies, oldest: number): void {
  for (const [key, buckets] of tallies.buckets) {
    for (const start of buckets.keys()) if (start < oldest) buckets.delete(start);
    if (buckets.size === 0) tallies.buckets.delete(key);
  }
}
