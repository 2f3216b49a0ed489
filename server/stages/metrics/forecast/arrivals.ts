/**
 * How many contacts a queue will be offered in each of the next 60 minutes, and how well that
 * worked today (docs/forecast.md).
 *
 *   profile for today's weekday (else for any day) ─► expected per minute ─× today's ratio ─► forecast
 *   no profile yet (less than a day of history)    ─► today's own trend (5- and 15-minute rates)
 *
 * Today's ratio is how today runs against the profile, smoothed twice: over the whole day so far
 * and over the last 15 minutes, each with a few pseudo-contacts on both sides so that a quiet
 * morning's 3 calls against 1 expected does not triple the forecast. The recent ratio weighs more
 * (a surge is news within minutes); the day's keeps it steady.
 */
import { SLOT_MIN, SLOT_MS, SLOTS_PER_DAY, sum, type ProfileState, type QueueProfile } from './profile.js';

export type ForecastMethod = 'weekday' | 'daily' | 'trend';

/** The engine's recent windows of the queue: what happened in the last 5 and 15 minutes. */
export interface RecentArrivals {
  offered5m: number;
  offered15m: number;
}

export interface ArrivalOutlook {
  method: ForecastMethod;
  /** Expected arrivals in each minute after `at`: index 0 is (at, at + 1 min]. */
  perMinute: number[];
}

export const OUTLOOK_MIN = 60;
const RECENT_WEIGHT = 0.6;
const RECENT_PSEUDO = 5;
const DAY_PSEUDO = 20;
/** The trend of today's own rates is followed this far ahead, then held. */
const TREND_REACH_MIN = 15;

interface SlotProfile {
  method: Exclude<ForecastMethod, 'trend'>;
  /** Expected offered per slot for the profile's day, and for the next (past midnight). */
  today: number[];
  tomorrow: number[];
}

/** slotProfile picks the weekday profile when that weekday was ever learnt, else the all-days one. */
function slotProfile(p: QueueProfile | undefined, weekday: number): SlotProfile | null {
  if (!p) return null;
  const pick = (w: number) => p.weekday[w] ?? p.daily;
  const today = pick(weekday);
  const tomorrow = pick((weekday + 1) % 7) ?? today;
  if (!today || !tomorrow) return null;
  return { method: p.weekday[weekday] ? 'weekday' : 'daily', today, tomorrow };
}

/** todayRatio: how much busier (> 1) or quieter today runs than the profile, smoothed (see the file comment). */
export function todayRatio(actualDay: number, expectedDay: number, actualRecent: number, expectedRecent: number): number {
  const day = (actualDay + DAY_PSEUDO) / (expectedDay + DAY_PSEUDO);
  const recent = (actualRecent + RECENT_PSEUDO) / (expectedRecent + RECENT_PSEUDO);
  return RECENT_WEIGHT * recent + (1 - RECENT_WEIGHT) * day;
}

/** expectedIn is the profile's expected arrivals in one minute starting `minute` minutes after the day's midnight. */
function expectedIn(p: SlotProfile, minute: number): number {
  const slot = Math.floor(minute / SLOT_MIN);
  const values = slot >= SLOTS_PER_DAY ? p.tomorrow : p.today;
  return (values[slot % SLOTS_PER_DAY] ?? 0) / SLOT_MIN;
}

/** arrivalOutlook forecasts one queue's next OUTLOOK_MIN minutes as of `at` (a whole minute of the profile's day or later). */
export function arrivalOutlook(state: ProfileState, queue: string, at: number, recent: RecentArrivals): ArrivalOutlook {
  const memory = state.queues.get(queue);
  const p = state.day === '' ? null : slotProfile(memory?.profile, state.weekday);
  if (!p || !memory) return { method: 'trend', perMinute: trend(recent) };
  const minuteNow = Math.floor((at - state.dayStart) / 60_000);
  const slotNow = Math.min(SLOTS_PER_DAY - 1, Math.floor(minuteNow / SLOT_MIN));
  const firstMinute = state.firstSlot * SLOT_MIN;
  let expectedDay = 0;
  for (let m = firstMinute; m < Math.min(minuteNow, SLOTS_PER_DAY * SLOT_MIN); m++) expectedDay += expectedIn(p, m);
  let expectedRecent = 0;
  for (let m = Math.max(firstMinute, minuteNow - 15); m < minuteNow; m++) expectedRecent += expectedIn(p, m);
  const actualDay = sum(memory.today.offered, state.firstSlot, slotNow + 1);
  const ratio = todayRatio(actualDay, expectedDay, Math.min(recent.offered15m, actualDay), expectedRecent);
  const perMinute = Array.from({ length: OUTLOOK_MIN }, (_, i) => ratio * expectedIn(p, minuteNow + i));
  return { method: p.method, perMinute };
}

/** trend follows today's own rates: the 5-minute rate, moving as it moved against the 15-minute one, for a while. */
function trend(recent: RecentArrivals): number[] {
  const rate5 = recent.offered5m / 5;
  const rate15 = recent.offered15m / 15;
  // The windows' middles are 2.5 and 7.5 minutes back: the slope per minute between them.
  const slope = (rate5 - rate15) / 5;
  return Array.from({ length: OUTLOOK_MIN }, (_, i) => Math.max(0, rate5 + slope * Math.min(i + 3, TREND_REACH_MIN)));
}

/** SlotAccuracy pairs the forecast made at the start of each finished slot today with what came. */
export interface SlotAccuracy {
  forecast: number[];
  actual: number[];
}

/**
 * slotAccuracy replays today's forecasts of each finished 15-minute slot as they were made at its
 * start (from the slots before it only), beside the actual arrivals: the same formula as the live
 * forecast, whose last 15 minutes at a slot's start are exactly the slot before.
 */
export function slotAccuracy(state: ProfileState, queue: string, at: number): SlotAccuracy {
  const out: SlotAccuracy = { forecast: [], actual: [] };
  const memory = state.queues.get(queue);
  if (!memory || state.day === '') return out;
  const p = slotProfile(memory.profile, state.weekday);
  const offered = memory.today.offered;
  const finished = Math.min(SLOTS_PER_DAY, Math.floor((at - state.dayStart) / SLOT_MS));
  let actualSoFar = 0;
  let expectedSoFar = 0;
  for (let slot = state.firstSlot; slot < finished; slot++) {
    if (slot > state.firstSlot) {
      const before = offered[slot - 1] ?? 0;
      const forecast = p ? todayRatio(actualSoFar, expectedSoFar, before, p.today[slot - 1] ?? 0) * (p.today[slot] ?? 0) : before;
      out.forecast.push(forecast);
      out.actual.push(offered[slot] ?? 0);
    }
    actualSoFar += offered[slot] ?? 0;
    expectedSoFar += p?.today[slot] ?? 0;
  }
  return out;
}

/** wmape is Σ|forecast − actual| ÷ Σ actual: null until something arrived. */
export function wmape({ forecast, actual }: SlotAccuracy): number | null {
  const total = sum(actual);
  if (total === 0) return null;
  let error = 0;
  for (let i = 0; i < actual.length; i++) error += Math.abs((forecast[i] ?? 0) - (actual[i] ?? 0));
  return error / total;
}
