/**
 * ArrivalProfile is one centre's memory of when contacts come, per queue, kept in the metrics
 * engine's state (and its checkpoints) so that `surge replay` learns it from the replayed events
 * exactly as the live server does (docs/forecast.md).
 *
 *   event ─► today's 15-minute slots (offered, handle time, waits, abandons)
 *   local midnight ─► seal: today's offered ─► weekday profile (weekday × slot) and daily profile (slot)
 *                                   handle ─► handle-time profile (slot)
 *
 * Bounded whatever the history: per queue, today's 5 × 96 slots and the profiles' 10 × 96, so a
 * checkpoint (written several times a second) stays a few kilobytes per queue. The profiles are
 * running means of the days sealed, becoming exponentially weighted once they hold a month's worth
 * (the last 4 same weekdays, the last 10 days), so old days fade instead of being stored.
 * A day far from its weekday's profile (a holiday, an outage, a one-off surge: under half or over
 * twice the expected total) is left out of the arrivals profiles, so it does not bend next week.
 */
import type { CanonicalEvent } from '../../ingest/contract.js';
import { dayOf, startOfDay } from '../day.js';

export const SLOT_MIN = 15;
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MIN;
export const SLOT_MS = SLOT_MIN * 60_000;

/** A running mean over the first 1/weight days, then exponentially weighted with that weight. */
const WEEKDAY_WEIGHT = 1 / 4;
const DAILY_WEIGHT = 1 / 10;
/** A sealed day whose total is outside [expected ÷ OUTLIER, expected × OUTLIER] is not learnt (when at least MIN_EXPECTED were expected). */
const OUTLIER = 2;
const MIN_EXPECTED = 20;

/** Today's tallies of one queue, one entry per 15-minute slot of the local day. */
export interface QueueToday {
  offered: number[];
  completed: number[];
  handleSec: number[];
  /** Abandons whose wait is known, and the total wait (answered and abandoned) of contacts whose wait is known. */
  abandoned: number[];
  waitSec: number[];
}

/** What past days taught about one queue. */
export interface QueueProfile {
  /** Offered per slot by weekday (0 = Sunday), null for a weekday never sealed; and how many days each holds. */
  weekday: (number[] | null)[];
  weekdayDays: number[];
  /** Offered per slot over all days, and how many days. */
  daily: number[] | null;
  days: number;
  /** Handle seconds and completed contacts per slot (all days, outliers too: a busy day's calls last as long), and how many days. */
  handleSec: number[] | null;
  completed: number[] | null;
  handleDays: number;
}

export interface QueueMemory {
  today: QueueToday;
  profile: QueueProfile;
}

export interface ProfileState {
  /** The local day `today` holds (YYYY-MM-DD; '' before any event), its weekday and its midnight. */
  day: string;
  weekday: number;
  dayStart: number;
  /** The first slot watched today: 0 unless the profile began mid-day (such a day is not learnt). */
  firstSlot: number;
  /** The time of the first event ever watched (0 before any): a trend needs a full quarter of an hour behind it. */
  since: number;
  queues: Map<string, QueueMemory>;
}

/** ProfileJson is the checkpoint form. */
export interface ProfileJson {
  v: 1;
  day: string;
  weekday: number;
  dayStart: number;
  firstSlot: number;
  /** Absent in profiles saved before it was kept: taken as long ago. */
  since?: number;
  queues: [string, QueueMemory][];
}

/** What the engine knew of a contact before the event: its queue and when it was queued, if waiting. */
export interface ContactSeen {
  queue?: string;
  queuedAt?: number;
}

const slots = (): number[] => new Array<number>(SLOTS_PER_DAY).fill(0);

function emptyToday(): QueueToday {
  return { offered: slots(), completed: slots(), handleSec: slots(), abandoned: slots(), waitSec: slots() };
}

function emptyMemory(): QueueMemory {
  return {
    today: emptyToday(),
    profile: { weekday: new Array<null>(7).fill(null), weekdayDays: new Array<number>(7).fill(0), daily: null, days: 0, handleSec: null, completed: null, handleDays: 0 },
  };
}

export function emptyProfile(): ProfileState {
  return { day: '', weekday: 0, dayStart: 0, firstSlot: 0, since: 0, queues: new Map() };
}

/** weekdayOf a local day name (YYYY-MM-DD): 0 = Sunday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

/** slotOf an instant of the profile's day (clamped, for the 23- and 25-hour days of DST). */
export function slotOf(state: ProfileState, ts: number): number {
  return Math.min(SLOTS_PER_DAY - 1, Math.max(0, Math.floor((ts - state.dayStart) / SLOT_MS)));
}

/**
 * observe adds one event (of a configured queue) to today's slots. An event of a later day first
 * seals today; one of an earlier day is too late to learn from and is ignored.
 */
export function observe(state: ProfileState, event: CanonicalEvent, seen: ContactSeen, queues: ReadonlySet<string>, timeZone: string): void {
  if (!event.type.startsWith('contact.') || !('queue' in event) || event.queue === undefined || !queues.has(event.queue)) return;
  const day = dayOf(event.ts, timeZone);
  if (day !== state.day) {
    if (day < state.day) return;
    rollTo(state, day, event.ts, timeZone);
  }
  const slot = slotOf(state, event.ts);
  const t = memoryOf(state, event.queue!).today;
  switch (event.type) {
    case 'contact.queued':
      if (seen.queue !== event.queue) t.offered[slot]! += 1; // a repeat of the same arrival counts once, as in the windows
      return;
    case 'contact.completed':
      t.completed[slot]! += 1;
      t.handleSec[slot]! += event.handleSec + (event.acwSec ?? 0);
      return;
    case 'contact.answered':
    case 'contact.abandoned': {
      const waitSec = event.waitSec ?? (seen.queuedAt === undefined ? undefined : Math.max(0, (event.ts - seen.queuedAt) / 1000));
      if (waitSec === undefined) return;
      t.waitSec[slot]! += waitSec;
      if (event.type === 'contact.abandoned') t.abandoned[slot]! += 1;
      return;
    }
  }
}

function memoryOf(state: ProfileState, queue: string): QueueMemory {
  let m = state.queues.get(queue);
  if (!m) state.queues.set(queue, (m = emptyMemory()));
  return m;
}

/** rollTo seals the day held (if watched from its start) and starts `day`. */
function rollTo(state: ProfileState, day: string, ts: number, timeZone: string): void {
  const fresh = state.day === '';
  if (fresh) state.since = ts;
  if (!fresh && state.firstSlot === 0) for (const m of state.queues.values()) seal(m, state.weekday);
  state.day = day;
  state.weekday = weekdayOf(day);
  state.dayStart = startOfDay(ts, timeZone);
  state.firstSlot = fresh ? slotOf(state, ts) : 0;
  for (const m of state.queues.values()) m.today = emptyToday();
}

/** seal folds a finished day into the profiles. */
export function seal(m: QueueMemory, weekday: number): void {
  const { today, profile } = m;
  const total = sum(today.offered);
  const usual = profile.weekday[weekday] ?? (profile.days > 0 ? profile.daily : null);
  const expected = usual ? sum(usual) : 0;
  const outlier = expected >= MIN_EXPECTED && (total < expected / OUTLIER || total > expected * OUTLIER);
  if (!outlier) {
    profile.weekday[weekday] = blend(profile.weekday[weekday] ?? null, today.offered, Math.max(WEEKDAY_WEIGHT, 1 / (profile.weekdayDays[weekday]! + 1)));
    profile.weekdayDays[weekday]! += 1;
    profile.daily = blend(profile.daily, today.offered, Math.max(DAILY_WEIGHT, 1 / (profile.days + 1)));
    profile.days += 1;
  }
  const w = Math.max(DAILY_WEIGHT, 1 / (profile.handleDays + 1));
  profile.handleSec = blend(profile.handleSec, today.handleSec, w);
  profile.completed = blend(profile.completed, today.completed, w);
  profile.handleDays += 1;
}

/** blend moves `into` towards `day` by `weight` (a new array; rounded so checkpoints stay short). */
function blend(into: number[] | null, day: number[], weight: number): number[] {
  return day.map((v, i) => Math.round(((into?.[i] ?? v) * (1 - weight) + v * weight) * 100) / 100);
}

export function sum(values: readonly number[], from = 0, to = values.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i] ?? 0;
  return s;
}

export function saveProfile(s: ProfileState): ProfileJson {
  return { v: 1, day: s.day, weekday: s.weekday, dayStart: s.dayStart, firstSlot: s.firstSlot, since: s.since, queues: [...s.queues] };
}

export function restoreProfile(j: ProfileJson | undefined): ProfileState {
  if (!j) return emptyProfile();
  if (j.v !== 1) throw new Error(`unsupported forecast profile version ${String(j.v)}`);
  return { day: j.day, weekday: j.weekday, dayStart: j.dayStart, firstSlot: j.firstSlot, since: j.since ?? 0, queues: new Map(structuredClone(j.queues)) };
}
