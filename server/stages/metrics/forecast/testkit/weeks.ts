/**
 * Seeded weeks of simulated arrivals for one queue, with planted events, for the forecast's
 * tests and benchmark row: a working-day curve (morning and afternoon peaks, quiet nights),
 * weekday levels (busy Monday, quiet weekend), Poisson noise, and optionally a holiday (a
 * working day at a fifth), an outage (hours with nothing) and a surge (from a minute on, the
 * rate climbs over a quarter of an hour to `factor` times).
 */

export interface WeeksPlan {
  seed: number;
  days: number;
  /** Local (UTC) midnight of day 0. */
  start: number;
  /** Arrivals per minute at the busiest time of an ordinary weekday. */
  peakPerMin: number;
  holiday?: number;
  outage?: { day: number; fromMin: number; toMin: number };
  surge?: { day: number; fromMin: number; factor: number };
}

export const MINUTES_PER_DAY = 1440;

/** The weeks the tests and the benchmark judge: six from a Monday; a holiday on day 30, an outage on day 33 (10:00–12:00), a surge on day 36 from 09:30. */
export const PLAN = { seed: 7, days: 42, start: Date.UTC(2026, 1, 2), peakPerMin: 6, holiday: 30, outage: { day: 33, fromMin: 600, toMin: 720 }, surge: { day: 36, fromMin: 570, factor: 2 } } satisfies WeeksPlan;
/** The days of the last two weeks with nothing planted (a week after a planted day is ordinary too, though not for the seasonal-naive forecast). */
export const ORDINARY = [28, 29, 31, 32, 34, 35, 37, 38, 39, 40, 41];
const SURGE_RAMP_MIN = 15;
const WEEKDAY_LEVEL = [0.4, 1.2, 1, 1, 1, 0.95, 0.6]; // Sunday first

/** mulberry32: a small seeded generator, so every run draws the same weeks. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** poisson draws a count with mean `mean` (Knuth's method; the means here are small). */
export function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** dayShape: the share of the peak rate at a minute of the day. */
function dayShape(minute: number): number {
  const hour = minute / 60;
  const bump = (centre: number, width: number) => Math.exp(-(((hour - centre) / width) ** 2));
  return 0.04 + 0.96 * Math.max(bump(10.5, 2.2), 0.85 * bump(15, 2.5));
}

/** rateAt is the planted arrival rate (per minute) of a day and minute. */
export function rateAt(plan: WeeksPlan, day: number, minute: number): number {
  const weekday = new Date(plan.start + day * 86_400_000).getUTCDay();
  let rate = plan.peakPerMin * WEEKDAY_LEVEL[weekday]! * dayShape(minute);
  if (plan.holiday === day) rate *= 0.2;
  if (plan.outage?.day === day && minute >= plan.outage.fromMin && minute < plan.outage.toMin) rate = 0;
  if (plan.surge?.day === day && minute >= plan.surge.fromMin) rate *= 1 + (plan.surge.factor - 1) * Math.min(1, (minute - plan.surge.fromMin + 1) / SURGE_RAMP_MIN);
  return rate;
}

/** arrivalsByMinute draws the count of every minute of the plan (index day × 1440 + minute). */
export function arrivalsByMinute(plan: WeeksPlan): number[] {
  const random = seeded(plan.seed);
  const out: number[] = [];
  for (let day = 0; day < plan.days; day++) for (let m = 0; m < MINUTES_PER_DAY; m++) out.push(poisson(rateAt(plan, day, m), random));
  return out;
}
