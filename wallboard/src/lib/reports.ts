/**
 * reports: the pure parts of the /reports page — the query it sends to `GET /v1/reports` (the table,
 * the charts and both downloads ask the very same), the charts drawn from the answer's rows, and how
 * a column reads. The rows are the API's; nothing here recomputes a figure.
 */
import { count, decimal, percent } from './format.js';
import type { TrendPoint } from './live/trends.js';
import { clock } from './format.js';
import { localeTag, t } from '../i18n/index.js';

export const INTERVALS = ['15m', '30m', '1h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];
export type ReportFormat = 'csv' | 'xlsx';

export type ReportRow = { scope: string; start: string; end: string; minutes: number } & Record<string, string | number | null>;

export interface ReportAnswer {
  scopes: string[];
  metrics: string[];
  columns: string[];
  /** What each column measures: count, ratio, seconds, perMinute. */
  units: Record<string, string>;
  interval: Interval;
  timeZone: string;
  from: number;
  to: number;
  rows: ReportRow[];
}

export interface ReportChoice {
  scopes: readonly string[];
  metrics: readonly string[];
  interval: Interval;
  from: number;
  to: number;
}

/** reportQuery: the query string of a choice, with `format` for a download. */
export function reportQuery(c: ReportChoice, format?: ReportFormat): string {
  const q = new URLSearchParams({ scopes: c.scopes.join(',') });
  // No figures named: the server's whole list (how the page learns it).
  if (c.metrics.length > 0) q.set('metrics', c.metrics.join(','));
  q.set('interval', c.interval);
  q.set('from', String(Math.round(c.from)));
  q.set('to', String(Math.round(c.to)));
  if (format) q.set('format', format);
  return q.toString();
}

/** todayRange: from this screen's local midnight to now. */
export function todayRange(now: number): { from: number; to: number } {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return { from: midnight.getTime(), to: now };
}

/** localInput: epoch ms as a `datetime-local` input's value, on this screen's clock. */
export function localInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** fromLocalInput: a `datetime-local` value as epoch ms (null when empty or unreadable). */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** The charts a report can draw, each from columns of the rows; one is drawn when any of its columns is in the answer. */
export const CHARTS = [
  { id: 'volume', columns: ['offered', 'answered', 'abandoned'] },
  { id: 'queue', columns: ['waiting.max', 'waiting.mean'] },
  { id: 'serviceLevel', columns: ['serviceLevel', 'abandonRate'] },
  { id: 'fcr', columns: ['fcr', 'fcrByRepeat'] },
  { id: 'backlog', columns: ['backlog.open.max', 'backlog.overdue.max'] },
  { id: 'ivrCalls', columns: ['ivr.callsNow.max', 'ivr.callsNow.mean'] },
  { id: 'ivrPorts', columns: ['ivr.inCall.max', 'ivr.inCall.mean'] },
] as const;
export type ChartId = (typeof CHARTS)[number]['id'];

export const SERIES_COLOURS = ['#5fb3ff', '#7fd98b', '#ff8a65', '#c792ea'];

export interface ReportChart {
  id: ChartId;
  title: string;
  fraction: boolean;
  series: { column: string; label: string; colour: string; points: TrendPoint[] }[];
}

/** chartsOf: the charts of one scope's rows, for the columns the answer has. */
export function chartsOf(answer: ReportAnswer, scope: string): ReportChart[] {
  const rows = answer.rows.filter((r) => r.scope === scope);
  return CHARTS.flatMap((spec) => {
    const present = spec.columns.filter((c) => answer.columns.includes(c));
    if (present.length === 0) return [];
    return [{
      id: spec.id,
      title: t.reports.chartTitles[spec.id],
      fraction: present.every((c) => answer.units[c] === 'ratio'),
      series: present.map((column, i) => ({
        column,
        label: columnLabel(column),
        colour: SERIES_COLOURS[i % SERIES_COLOURS.length]!,
        points: rows.map((r) => ({ t: Date.parse(r.start), v: typeof r[column] === 'number' ? (r[column] as number) : null })),
      })),
    }];
  });
}

/** columnLabel: a column's heading — the figure's name, with "(max)" or "(mean)" for an instant. */
export function columnLabel(column: string): string {
  const r = t.reports;
  if (column in r.columns) return r.columns[column as keyof typeof r.columns];
  const instant = /^(.*)\.(max|mean)$/.exec(column);
  const name = (base: string) => r.names[base] ?? base;
  if (instant) return r[instant[2] as 'max' | 'mean'](name(instant[1]!));
  return name(column);
}

/** cellText: a figure as the table shows it (the files keep the exact numbers). */
export function cellText(value: string | number | null, unit: string | undefined): string {
  if (typeof value === 'string') return value;
  if (unit === 'ratio') return percent(value, 1);
  if (unit === 'money') return decimal(value, 2);
  if (value !== null && !Number.isInteger(value)) return decimal(value, 1);
  return count(value);
}

/** tickLabel: how a chart's time axis names its ticks — clock times within a day or so, dates beyond. */
export function tickLabel(from: number, to: number): (ms: number) => string {
  if (to - from <= 36 * 3_600_000) return (ms) => clock(ms).slice(0, 5);
  const date = new Intl.DateTimeFormat(localeTag, { month: '2-digit', day: '2-digit' });
  return (ms) => date.format(ms);
}

/** localTime: an ISO time as the report's zone reads it ("2026-03-02T08:00:00+08:00" → "03-02 08:00"). */
export const localTime = (iso: string): string => iso.slice(5, 16).replace('T', ' ');

/** filenameOf: the file name a Content-Disposition header gives, else `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}
