/**
 * How many contacts a queue will be offered in each of the next 60 minutes, and how well that
 * worked today (docs/forecast.md).
 *
 *   profile for today's weekday (else for any day) ─► expected per minute ─× today's ratio ─► forecast
 *   no profile yet (less than a day of history)    ─► today's own trend (5- and 15-minute rates)
 *
 * Today's ratio is how today runs against the profile, smoothed twice: over the whole day so far
 * and over the last 15 and 5 minutes, each with a few pseudo-contacts on both sides so that a quiet
 * morning's 3 calls against 1 expected does not triple the forecast. The recent ratio weighs more
 * (a surge is news within minutes) and its trend is followed a little way; the day's keeps it steady.
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
const RECENT_WEIGHT = 0.7;
/** How much of the recent trend is followed (noise in 5 minutes of arrivals is large). */
const TREND_FOLLOW = 0.5;
const TREND_Z = 1.5;
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

/** Actual and expected arrivals over today so far, the last 15 minutes and the last 5. */
export interface RatioInput {
  actualDay: number;
  expectedDay: number;
  actual15: number;
  expected15: number;
  actual5: number;
  expected5: number;
}

/** TodayRatio: how much busier (> 1) or quieter today runs than the profile now, and how fast that moves per minute. */
export interface TodayRatio {
  now: number;
  slopePerMin: number;
}

/**
 * todayRatio smooths today's ratio (see the file comment): the day's, the last 15 minutes' and the
 * last 5 minutes', each with pseudo-contacts. When the last 5 minutes run ahead of (or behind) the
 * last 15 by more than chance, the ratio is moving: the last 5 minutes count, and the trend is
 * followed for a while (the windows' middles are 5 minutes apart).
 */
export function todayRatio(r: RatioInput): TodayRatio {
  const day = (r.actualDay + DAY_PSEUDO) / (r.expectedDay + DAY_PSEUDO);
  const last15 = (r.actual15 + RECENT_PSEUDO) / (r.expected15 + RECENT_PSEUDO);
  const last5 = (r.actual5 + RECENT_PSEUDO / 3) / (r.expected5 + RECENT_PSEUDO / 3);
  // Only a change the last 5 minutes cannot owe to chance (Poisson, over TREND_Z standard deviations) is followed.
  const meant5 = r.expected5 * last15;
  const moving = Math.abs(r.actual5 - meant5) > TREND_Z * Math.sqrt(Math.max(1, meant5));
  const recent = moving ? (last5 + last15) / 2 : last15;
  return { now: RECENT_WEIGHT * recent + (1 - RECENT_WEIGHT) * day, slopePerMin: moving ? (last5 - last15) / 5 : 0 };
}

/** ratioAt is the ratio `minutes` ahead: the trend followed for TREND_REACH_MIN minutes, never below 0. */
function ratioAt(r: TodayRatio, minutes: number): number {
  return Math.max(0, r.now + r.slopePerMin * TREND_FOLLOW * Math.min(minutes, TREND_REACH_MIN));
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
  if (!p || !memory) return { method: 'trend', perMinute: trend(recent, (at - state.since) / 60_000) };
  const minuteNow = Math.floor((at - state.dayStart) / 60_000);
  const slotNow = Math.min(SLOTS_PER_DAY - 1, Math.floor(minuteNow / SLOT_MIN));
  const firstMinute = state.firstSlot * SLOT_MIN;
  // Whole slots, then the minutes of the current one.
  const dayMinutes = Math.min(minuteNow, SLOTS_PER_DAY * SLOT_MIN);
  const wholeSlots = Math.floor(dayMinutes / SLOT_MIN);
  let expectedDay = sum(p.today, state.firstSlot, wholeSlots);
  for (let m = Math.max(firstMinute, wholeSlots * SLOT_MIN); m < dayMinutes; m++) expectedDay += expectedIn(p, m);
  const expectedSince = (minutes: number) => {
    let e = 0;
    for (let m = Math.max(firstMinute, minuteNow - minutes); m < minuteNow; m++) e += expectedIn(p, m);
    return e;
  };
  const actualDay = sum(memory.today.offered, state.firstSlot, slotNow + 1);
  const ratio = todayRatio({
    actualDay,
    expectedDay,
    actual15: Math.min(recent.offered15m, actualDay),
    expected15: expectedSince(15),
    actual5: Math.min(recent.offered5m, actualDay),
    expected5: expectedSince(5),
  });
  const perMinute = Array.from({ length: OUTLOOK_MIN }, (_, i) => ratioAt(ratio, i + 3) * expectedIn(p, minuteNow + i));
  return { method: p.method, perMinute };
}

/**
 * trend follows today's own rates: the 5-minute rate, moving as it moved against the 15-minute one,
 * for a while — once a full quarter of an hour has been watched (before, the 15-minute window is
 * short of its start, not of calls).
 */
function trend(recent: RecentArrivals, watchedMin: number): number[] {
  const rate5 = recent.offered5m / 5;
  const rate15 = recent.offered15m / 15;
  // The windows' middles are 2.5 and 7.5 minutes back: the slope per minute between them.
  const slope = watchedMin >= 15 ? (rate5 - rate15) / 5 : 0;
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
      const expectedBefore = p?.today[slot - 1] ?? 0;
      // Slots keep no minutes: the last 5 minutes are taken as a third of the slot before.
      const ratio = todayRatio({ actualDay: actualSoFar, expectedDay: expectedSoFar, actual15: before, expected15: expectedBefore, actual5: before / 3, expected5: expectedBefore / 3 });
      const forecast = p ? ratioAt(ratio, SLOT_MIN / 2) * (p.today[slot] ?? 0) : before;
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
