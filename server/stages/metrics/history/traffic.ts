/**
 * trafficCurve: a centre's day in 15-minute slots for the traffic curve (docs/screens.md) — the
 * contacts offered in each, the forecast made at its start with a band from the forecast's
 * measured error, the same slot a week before, and the plan actions that fired.
 *
 *   history of today (1-minute rows) ─► offered per slot (running counts differenced, as reports do)
 *                                    └► forecast.arrivals.15m and forecast.accuracy at each slot's start
 *   history of the day a week before ─► offered per slot
 *   plan steps of the centre's incidents ─► markers
 *
 * Pure: the route reads history and steps, this only counts. A row stands for its minute's end,
 * so the forecast for a slot is the one in the row of the minute just before it.
 *
 * Slots to come that start within the next hour are filled from the latest row's forecast
 * (forecast.arrivals.15m/30m/60m: contacts expected within 15/30/60 minutes of it), spread evenly
 * within each horizon (the 60-minute rate held for a slot that runs past it), with the same band.
 */
import { eachMinuteCount } from './report.js';
import { valueOf, type HistorySample } from './store.js';

export const SLOT_MS = 15 * 60_000;
const MINUTE = 60_000;

export interface TrafficSlot {
  /** The slot's start (epoch ms). */
  at: number;
  /** Contacts offered in the slot (so far, for the slot holding `now`); null for slots to come or not recorded. */
  actual: number | null;
  /** Arrivals the forecast expected, as made at the slot's start; null when none was recorded then. */
  forecast: number | null;
  /** The band: the forecast ± its measured error (wMAPE today), or ± √forecast before any slot was measured. */
  low: number | null;
  high: number | null;
  /** Offered in the same slot a week before; null when not recorded. */
  lastWeek: number | null;
}

/** A plan action that fired, where it goes on the curve. */
export interface TrafficMarker {
  at: number;
  incidentId: string;
  level: string;
  kind: string;
  state: string;
}

export interface TrafficCurve {
  centre: string;
  timeZone: string;
  from: number;
  to: number;
  now: number;
  slots: TrafficSlot[];
  markers: TrafficMarker[];
}

export interface TrafficInput {
  centre: string;
  timeZone: string;
  /** Local midnight starting today and the next one (a day of 23, 24 or 25 hours). */
  dayStart: number;
  dayEnd: number;
  /** The local midnight starting the same weekday a week before. */
  lastWeekStart: number;
  now: number;
  /** The centre scope's recorded minutes from dayStart to now, and of the day a week before. */
  today: readonly HistorySample[];
  lastWeek: readonly HistorySample[];
  markers: readonly TrafficMarker[];
}

/** trafficCurve builds the day's slots from the centre's history (see the file comment). */
export function trafficCurve(input: TrafficInput): TrafficCurve {
  const { dayStart, dayEnd, now } = input;
  const count = Math.round((dayEnd - dayStart) / SLOT_MS);
  const actual = offeredPerSlot(input.today, dayStart, count, input.timeZone);
  const lastWeek = offeredPerSlot(input.lastWeek, input.lastWeekStart, count, input.timeZone);
  const madeAt = new Map(input.today.map((s) => [s.at, s]));
  const latest = input.today.at(-1);
  const slots: TrafficSlot[] = [];
  for (let i = 0; i < count; i++) {
    const at = dayStart + i * SLOT_MS;
    const started = at <= now;
    const row = started ? madeAt.get(at - MINUTE) : latest;
    const forecast = !row ? null : started ? valueOf(row, 'forecast.arrivals.15m') : lookAhead(row, at);
    const error = row && forecast !== null ? valueOf(row, 'forecast.accuracy') : null;
    const half = forecast === null ? null : error === null ? Math.sqrt(forecast) : forecast * error;
    slots.push({
      at,
      actual: started ? actual[i]! : null,
      forecast,
      low: forecast === null || half === null ? null : round(Math.max(0, forecast - half)),
      high: forecast === null || half === null ? null : round(forecast + half),
      lastWeek: lastWeek[i]!,
    });
  }
  const markers = input.markers.filter((m) => m.at >= dayStart && m.at < dayEnd).sort((a, b) => a.at - b.at);
  return { centre: input.centre, timeZone: input.timeZone, from: dayStart, to: dayEnd, now, slots: slots.map(rounded), markers };
}

const AHEAD: readonly { metric: string; untilMin: number }[] = [
  { metric: 'forecast.arrivals.15m', untilMin: 15 },
  { metric: 'forecast.arrivals.30m', untilMin: 30 },
  { metric: 'forecast.arrivals.60m', untilMin: 60 },
];

/**
 * lookAhead: the arrivals the row's forecast expects in the slot starting at `at` — each horizon's
 * increment spread evenly over its minutes, the last rate held past 60 minutes. Null for a slot
 * starting an hour or more after the row, or when the row has no forecast.
 */
function lookAhead(row: HistorySample, at: number): number | null {
  const from = (at - (row.at + MINUTE)) / MINUTE;
  if (from < 0 || from >= 60) return null;
  const to = from + SLOT_MS / MINUTE;
  let total = 0;
  let before = 0;
  let startMin = 0;
  let rate = 0;
  for (const { metric, untilMin } of AHEAD) {
    const upTo = valueOf(row, metric);
    if (upTo === null) return null;
    rate = (upTo - before) / (untilMin - startMin);
    total += rate * Math.max(0, Math.min(to, untilMin) - Math.max(from, startMin));
    before = upTo;
    startMin = untilMin;
  }
  return total + rate * Math.max(0, to - Math.max(from, 60));
}

/** offeredPerSlot sums each recorded minute's offered contacts into its slot; a slot with no recorded minute is null. */
function offeredPerSlot(samples: readonly HistorySample[], start: number, count: number, timeZone: string): (number | null)[] {
  const slots: (number | null)[] = new Array<number | null>(count).fill(null);
  eachMinuteCount(samples, ['offered'], timeZone, (at, _i, n) => {
    const slot = Math.floor((at - start) / SLOT_MS);
    if (slot < 0 || slot >= count || n === null) return;
    slots[slot] = (slots[slot] ?? 0) + n;
  });
  return slots;
}

const round = (n: number) => Math.round(n * 10) / 10;
const rounded = (s: TrafficSlot): TrafficSlot => ({ ...s, forecast: s.forecast === null ? null : round(s.forecast) });
