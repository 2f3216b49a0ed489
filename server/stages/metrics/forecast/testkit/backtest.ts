/**
 * Back-tests on simulated weeks (weeks.ts), shared by the forecast's tests and its benchmark row.
 *
 * compareWithSeasonalNaive feeds the arrivals through the arrival profile as the engine would and,
 * at the start of every 15-minute slot of the days judged, sets the forecast of the next 15
 * minutes beside the seasonal-naive one (the same slot a week before) and what came.
 */
import type { ContactQueued } from '../../../ingest/contract.js';
import { arrivalOutlook } from '../arrivals.js';
import { emptyProfile, observe, SLOT_MIN, sum } from '../profile.js';
import { MINUTES_PER_DAY, type WeeksPlan } from './weeks.js';

export interface Comparison {
  /** wMAPE of 15-minute arrival forecasts over the days judged: ours and the seasonal-naive. */
  ours: number;
  seasonalNaive: number;
  slots: number;
}

const QUEUE = 'voice';

/** queuedEvents turns minute counts into `contact.queued` events spread over each minute. */
export function* queuedEvents(plan: WeeksPlan, counts: readonly number[], centre: string, fromMinute = 0, toMinute = counts.length): Generator<ContactQueued> {
  for (let i = fromMinute; i < toMinute; i++) {
    const n = counts[i] ?? 0;
    for (let k = 0; k < n; k++) {
      const ts = plan.start + i * 60_000 + Math.floor(((k + 0.5) / n) * 60_000);
      yield { id: `q-${i}-${k}`, type: 'contact.queued', ts, centre, contactId: `c-${i}-${k}`, queue: QUEUE, media: 'voice' };
    }
  }
}

/** compareWithSeasonalNaive judges every day in `judged` (day indexes, each at least a week in). */
export function compareWithSeasonalNaive(plan: WeeksPlan, counts: readonly number[], judged: readonly number[]): Comparison {
  const profile = emptyProfile();
  const queues = new Set([QUEUE]);
  const errors = { ours: 0, naive: 0, actual: 0, slots: 0 };
  const isJudged = new Set(judged);
  const minutes = plan.days * MINUTES_PER_DAY;
  for (let minute = 0; minute < minutes; minute++) {
    const day = Math.floor(minute / MINUTES_PER_DAY);
    if (minute % SLOT_MIN === 0 && isJudged.has(day)) {
      const at = plan.start + minute * 60_000;
      // The profile rolls over on the day's first event; a forecast at midnight before it would read yesterday.
      if (profile.day !== '' && at - profile.dayStart < 86_400_000) {
        const recent = { offered5m: sum(counts, minute - 5, minute), offered15m: sum(counts, minute - 15, minute) };
        const ours = sum(arrivalOutlook(profile, QUEUE, at, recent).perMinute, 0, 15);
        const naive = sum(counts, minute - 7 * MINUTES_PER_DAY, minute - 7 * MINUTES_PER_DAY + 15);
        const actual = sum(counts, minute, minute + 15);
        errors.ours += Math.abs(ours - actual);
        errors.naive += Math.abs(naive - actual);
        errors.actual += actual;
        errors.slots++;
      }
    }
    for (const event of queuedEvents(plan, counts, 'sim', minute, minute + 1)) observe(profile, event, {}, queues, 'UTC');
  }
  return { ours: errors.ours / errors.actual, seasonalNaive: errors.naive / errors.actual, slots: errors.slots };
}
