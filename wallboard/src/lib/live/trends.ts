/**
 * trends keeps the short time series behind the sparklines: one point per bucket (the last value
 * seen in it), for the last hour. Live samples come from snapshots and deltas; `mergeHistory` lays
 * server history (`GET /v1/history`) underneath them. Pure: time is always passed in.
 */
import type { ScopeMetrics } from './protocol.js';

export interface TrendPoint {
  t: number;
  v: number | null;
}
export type TrendSeries = readonly TrendPoint[];
/** Series by scope id, then by metric name. */
export type Trends = Readonly<Record<string, Readonly<Record<string, TrendSeries>>>>;

export const TREND_BUCKET_MS = 10_000;
export const TREND_WINDOW_MS = 60 * 60_000;

/** The metrics kept as trends; the names match `GET /v1/history?metric=`. */
export const TREND_METRICS = {
  waiting: (m: ScopeMetrics) => m.waiting,
  longestWaitSec: (m: ScopeMetrics) => m.longestWaitSec,
  serviceLevel: (m: ScopeMetrics) => m.windows['15m'].serviceLevel,
  abandonRate: (m: ScopeMetrics) => m.windows['15m'].abandonRate,
  'agents.available': (m: ScopeMetrics) => m.agents.available,
} as const satisfies Record<string, (m: ScopeMetrics) => number | null>;
export type TrendMetric = keyof typeof TREND_METRICS;

/** Trends are kept for the scopes the wall charts: overall and per centre. */
export function tracksTrend(scope: string): boolean {
  return scope === 'all' || scope.startsWith('centre:');
}

/** addSample appends (or, within the same bucket, replaces) a point and drops points older than the window. */
export function addSample(series: TrendSeries, t: number, v: number | null): TrendSeries {
  const bucket = Math.floor(t / TREND_BUCKET_MS);
  const last = series[series.length - 1];
  if (last !== undefined && t < last.t) return series; // out of order: the newer point wins
  const start = t - TREND_WINDOW_MS;
  let from = 0;
  while (from < series.length && series[from]!.t < start) from++;
  const kept = series.slice(from);
  const keptLast = kept[kept.length - 1];
  if (keptLast !== undefined && Math.floor(keptLast.t / TREND_BUCKET_MS) === bucket) kept[kept.length - 1] = { t, v };
  else kept.push({ t, v });
  return kept;
}

/** sampleScope adds one point per trend metric of a scope. */
export function sampleScope(
  current: Readonly<Record<string, TrendSeries>> | undefined,
  m: ScopeMetrics,
  t: number,
): Record<string, TrendSeries> {
  const next: Record<string, TrendSeries> = {};
  for (const [name, read] of Object.entries(TREND_METRICS)) {
    next[name] = addSample(current?.[name] ?? [], t, read(m));
  }
  return next;
}

/** mergeHistory puts server history before the live points (live points win where they overlap). */
export function mergeHistory(series: TrendSeries, history: readonly TrendPoint[], now: number): TrendSeries {
  const firstLive = series[0]?.t ?? Infinity;
  const start = now - TREND_WINDOW_MS;
  const older = history.filter((p) => p.t >= start && p.t < firstLive).sort((a, b) => a.t - b.t);
  return older.length === 0 ? series : [...older, ...series];
}
