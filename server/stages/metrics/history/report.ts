/**
 * buildReport turns recorded minutes into interval rows (pure: samples and times in, rows out).
 *
 * Counts: each one-centre series keeps, per minute, its running `today` count; a minute's count is
 * the difference from the previous recorded minute of the same local day, or the whole running
 * count for the day's first recorded minute (today restarts at the centre's midnight). A gap in
 * the record puts its contacts on the next recorded minute, so a day's minutes always add up to
 * its `today` figure. A count that fell within a day (the engine's state was lost) starts over.
 * Ratios are recomputed from the interval's summed terms; instants give the max and mean of the
 * interval's minutes.
 */
import { dayOf, startOfDay } from '../day.js';
import { valueOf, type HistorySample } from './store.js';
import type { ReportMetric, Sums } from './report-metrics.js';
import type { ReportScope } from './report-scopes.js';

export const INTERVALS = { '15m': 15 * 60_000, '30m': 30 * 60_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
export type Interval = keyof typeof INTERVALS;

const MINUTE = 60_000;

export interface ReportQuery {
  scopes: ReportScope[];
  metrics: readonly ReportMetric[];
  interval: Interval;
  from: number;
  to: number;
  timeZone: string;
}

export type ReportRow = { scope: string; start: string; end: string; minutes: number } & Record<string, string | number | null>;

export interface Bucket {
  start: number;
  end: number;
}

/** units: what each column measures (a count, a ratio, seconds…), so a screen can format it. */
export function units(metrics: readonly ReportMetric[]): Record<string, string> {
  return Object.fromEntries(
    metrics.flatMap((m) => (m.kind === 'instant' ? [[`${m.name}.max`, m.stored.unit], [`${m.name}.mean`, m.stored.unit]] : [[m.name, m.kind === 'ratio' ? m.unit : m.stored.unit]])),
  );
}

/** columns: the row fields after scope, start, end and minutes — a count or ratio by its name, an instant as `<name>.max` and `<name>.mean`. */
export function columns(metrics: readonly ReportMetric[]): string[] {
  return metrics.flatMap((m) => (m.kind === 'instant' ? [`${m.name}.max`, `${m.name}.mean`] : [m.name]));
}

/** buckets: the report's intervals, on the local clock of `timeZone` (a day is local midnight to midnight), clipped to [from, to). */
export function buckets(interval: Interval, from: number, to: number, timeZone: string): Bucket[] {
  const out: Bucket[] = [];
  for (let day = startOfDay(from, timeZone); day < to; day = nextDay(day, timeZone)) {
    const dayEnd = nextDay(day, timeZone);
    const step = interval === '1d' ? dayEnd - day : INTERVALS[interval];
    for (let start = day; start < dayEnd; start += step) {
      const b = { start: Math.max(start, from), end: Math.min(start + step, dayEnd, to) };
      if (b.start < b.end) out.push(b);
    }
  }
  return out;
}

// 26 hours on lands inside the next local day whether this one lasts 23, 24 or 25 hours.
const nextDay = (dayStart: number, timeZone: string) => startOfDay(dayStart + 26 * 3_600_000, timeZone);

/** The earliest minute a report over [from, to) reads for a series: the start of its local day, to difference the first minutes. */
export const readFrom = (from: number, timeZone: string): number => startOfDay(from, timeZone);

/**
 * eachMinuteCount calls `visit` with each recorded minute's count of each of `counts` in one
 * one-centre series (null where the minute did not keep it), without building anything: a month
 * of minutes is tens of thousands of rows.
 */
export function eachMinuteCount(
  samples: readonly HistorySample[],
  counts: readonly string[],
  timeZone: string,
  visit: (at: number, count: number, n: number | null) => void,
): void {
  const stored = counts.map((name) => `${name}.today`);
  // The previous recorded value of each count, and its local day.
  const beforeDay: (string | null)[] = counts.map(() => null);
  const beforeValue = new Float64Array(counts.length);
  for (const s of samples) {
    const day = dayOf(s.at, timeZone);
    for (let i = 0; i < counts.length; i++) {
      const value = valueOf(s, stored[i]!);
      if (value === null) {
        visit(s.at, i, null);
        continue;
      }
      visit(s.at, i, beforeDay[i] === day && value >= beforeValue[i]! ? value - beforeValue[i]! : value);
      beforeDay[i] = day;
      beforeValue[i] = value;
    }
  }
}

/**
 * buildReport: one row per scope and interval. `series` holds every recorded minute of each series
 * the scopes name, from `readFrom` of the report's start (earlier minutes only set the differences).
 */
export function buildReport(query: ReportQuery, series: ReadonlyMap<string, readonly HistorySample[]>): ReportRow[] {
  const { metrics, from, to } = query;
  const countNames = [...new Set(metrics.flatMap((m) => (m.kind === 'count' ? [m.name] : m.kind === 'ratio' ? m.uses : [])))];
  const width = countNames.length;
  const spans = buckets(query.interval, from, to, query.timeZone);
  const rows: ReportRow[] = [];
  for (const scope of query.scopes) {
    // Per interval and count: the sum, and whether any minute kept it.
    const sums = new Float64Array(spans.length * width);
    const kept = new Uint8Array(spans.length * width);
    for (const part of scope.parts) {
      let bucket = -1;
      let bucketAt = NaN;
      eachMinuteCount(series.get(part.scope) ?? [], countNames, part.timeZone, (at, i, n) => {
        if (n === null || at < from || at >= to) return;
        if (at !== bucketAt) [bucketAt, bucket] = [at, bucketIndex(spans, at)];
        if (bucket < 0) return;
        sums[bucket * width + i] = sums[bucket * width + i]! + n;
        kept[bucket * width + i] = 1;
      });
    }
    const own = spans.map((): HistorySample[] => []);
    for (const s of series.get(scope.scope) ?? []) if (s.at >= from && s.at < to) own[bucketIndex(spans, s.at)]?.push(s);
    spans.forEach((span, b) => {
      const interval = new Map<string, number>();
      countNames.forEach((name, i) => kept[b * width + i] && interval.set(name, sums[b * width + i]!));
      const row: ReportRow = { scope: scope.scope, start: isoInZone(span.start, query.timeZone), end: isoInZone(span.end, query.timeZone), minutes: own[b]!.length };
      for (const m of metrics) Object.assign(row, figure(m, interval, own[b]!));
      rows.push(row);
    });
  }
  return rows;
}

/** exact: sums of money carry binary fractions (0.1 + 0.2); a millionth of a unit is exact enough for any currency. */
const exact = (n: number): number => Math.round(n * 1e6) / 1e6;

/** bucketIndex: the bucket holding `at` (buckets are sorted and do not overlap), or -1. */
function bucketIndex(spans: readonly Bucket[], at: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = spans[mid]!;
    if (at < b.start) hi = mid - 1;
    else if (at >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function figure(m: ReportMetric, sums: Map<string, number>, minutes: readonly HistorySample[]): Record<string, number | null> {
  if (m.kind === 'count') return { [m.name]: sums.has(m.name) ? exact(sums.get(m.name)!) : null };
  if (m.kind === 'ratio') {
    if (m.uses.some((u) => !sums.has(u))) return { [m.name]: null };
    const [num, den] = m.terms(Object.fromEntries(sums) as Sums);
    if (!(den > 0)) return { [m.name]: null };
    return { [m.name]: m.unit === 'ratio' ? Math.min(1, Math.max(0, num / den)) : exact(num / den) };
  }
  const values = minutes.map((s) => valueOf(s, m.stored.name)).filter((v): v is number => v !== null);
  const mean = values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10_000) / 10_000;
  return { [`${m.name}.max`]: values.length === 0 ? null : Math.max(...values), [`${m.name}.mean`]: mean };
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** isoInZone: ISO 8601 on the zone's local clock with its offset (2026-03-02T08:00:00+08:00), as people in that centre read it. */
export function isoInZone(ms: number, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    clockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMin = Math.round((Date.parse(`${local}Z`) - Math.floor(ms / 1000) * 1000) / MINUTE);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const zone = offsetMin === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${zone}`;
}
