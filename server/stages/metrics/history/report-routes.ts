/**
 * `GET /v1/reports?scopes=&metrics=&interval=&from=&to=&tz=&format=`: interval figures of scopes from
 * the 1-minute history, as JSON rows or the same rows as a CSV or XLSX file. Limits keep one request's
 * reading bounded (REPORT_LIMITS, docs/reports.md).
 */
import type { CentreConfig } from '../../../config/topology.js';
import { atLeast } from '../../../platform/http/auth.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { Route } from '../../../platform/http/request.js';
import { startOfDay } from '../day.js';
import { buckets, buildReport, columns, INTERVALS, readFrom, units, type Interval } from './report.js';
import { FORMATS, reportCsv, reportXlsx, type Format } from './report-files.js';
import { REPORT_METRICS, REPORT_METRIC_NAMES } from './report-metrics.js';
import { reportScope, type ReportScope } from './report-scopes.js';
import type { HistorySample, HistoryStore } from './store.js';
import { time } from './routes.js';

export const REPORT_LIMITS = {
  /** Scopes in one report. */
  scopes: 20,
  /** Rows (scopes × intervals) in one report. */
  rows: 5_000,
  /**
   * Hours of one-minute history read (series × hours): what a report costs Redis and this instance.
   * Measured: 1,000 hours (60,000 rows of 56 figures) read in 0.5–1 s and 30 MB, reckoned in 0.3 s.
   */
  seriesHours: 5_000,
} as const;

const HOUR = 3_600_000;

export interface ReportDeps {
  history: HistoryStore;
  centres: readonly Pick<CentreConfig, 'id' | 'timezone' | 'queues'>[];
  retentionSec: number;
  clock?: () => number;
}

export function reportRoutes({ history, centres, retentionSec, clock = Date.now }: ReportDeps): Route[] {
  return [
    ['get', '/v1/reports', { roles: [...atLeast('display'), 'acd'] }, async (ctx) => {
      const q = ctx.query;
      const now = clock();
      const scopes = list(q.get('scopes'), 'all').map((s) => fromRange(() => reportScope(s, centres)));
      if (scopes.length > REPORT_LIMITS.scopes) throw new HttpError(400, `at most ${REPORT_LIMITS.scopes} scopes in one report (asked for ${scopes.length})`);
      const metricNames = list(q.get('metrics'), REPORT_METRIC_NAMES.join(','));
      const unknown = metricNames.filter((m) => !REPORT_METRIC_NAMES.includes(m));
      if (unknown.length > 0) throw new HttpError(400, `unknown metric ${unknown.map((m) => `"${m}"`).join(', ')} (metrics: ${REPORT_METRIC_NAMES.join(', ')})`);
      const metrics = REPORT_METRICS.filter((m) => metricNames.includes(m.name));
      const interval = (q.get('interval') || '1h') as Interval;
      if (!Object.hasOwn(INTERVALS, interval)) throw new HttpError(400, `interval must be one of ${Object.keys(INTERVALS).join(', ')}`);
      const format = (q.get('format') || 'json') as Format;
      if (!FORMATS.includes(format)) throw new HttpError(400, `format must be one of ${FORMATS.join(', ')}`);
      const timeZone = zoneOf(q.get('tz'), scopes);
      // Nothing is recorded after now: a later `to` ends the report now.
      const to = Math.min(time(q.get('to'), 'to') ?? now, now);
      const from = time(q.get('from'), 'from') ?? startOfDay(now, timeZone);
      if (from >= to) throw new HttpError(400, `from must be before to (and before now): from ${new Date(from).toISOString()}, to ${new Date(to).toISOString()}`);
      const oldest = now - retentionSec * 1000;
      if (from < oldest) throw new HttpError(400, `from is older than the history kept (${retentionSec / 86_400} days): the earliest is ${new Date(oldest).toISOString()}`);
      const rowCount = scopes.length * buckets(interval, from, to, timeZone).length;
      if (rowCount > REPORT_LIMITS.rows) throw new HttpError(400, `the report would have ${rowCount} rows (limit ${REPORT_LIMITS.rows}): ask for fewer scopes, a longer interval or a shorter range`);
      const reads = seriesToRead(scopes, from);
      const hours = [...reads.values()].reduce((n, start) => n + Math.ceil((to - start) / HOUR) + 1, 0);
      if (hours > REPORT_LIMITS.seriesHours) throw new HttpError(400, `the report would read ${hours} hours of history (limit ${REPORT_LIMITS.seriesHours}): ask for fewer scopes or a shorter range`);

      const series = new Map<string, HistorySample[]>();
      await Promise.all([...reads].map(async ([scope, start]) => series.set(scope, await history.samples(scope, start, to))));
      const rows = buildReport({ scopes, metrics, interval, from, to, timeZone }, series);
      const cols = columns(metrics);
      if (format === 'json') {
        return { body: { scopes: scopes.map((s) => s.scope), metrics: metrics.map((m) => m.name), columns: cols, units: units(metrics), interval, timeZone, from, to, rows } };
      }
      const name = `surge-report-${interval}-${new Date(from).toISOString().slice(0, 16).replace(':', '')}Z.${format}`;
      const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' };
      if (format === 'csv') return { body: reportCsv(rows, cols), contentType: 'text/csv; charset=utf-8', headers };
      return { body: await reportXlsx(rows, cols), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', headers };
    }],
  ];
}

/** seriesToRead: each series with the earliest minute needed — a scope's own from `from` (instants), its one-centre parts from their local midnight (counts). */
function seriesToRead(scopes: readonly ReportScope[], from: number): Map<string, number> {
  const reads = new Map<string, number>();
  const need = (scope: string, start: number) => reads.set(scope, Math.min(start, reads.get(scope) ?? Infinity));
  for (const s of scopes) {
    need(s.scope, from);
    for (const p of s.parts) need(p.scope, readFrom(from, p.timeZone));
  }
  return reads;
}

/** zoneOf: `tz` when given, else the zone all the scopes' centres share, else UTC. */
function zoneOf(tz: string | null, scopes: readonly ReportScope[]): string {
  if (tz) {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      throw new HttpError(400, `tz must be an IANA time zone such as Asia/Shanghai (got "${tz}")`);
    }
  }
  const zones = new Set(scopes.flatMap((s) => s.parts.map((p) => p.timeZone)));
  return zones.size === 1 ? [...zones][0]! : 'UTC';
}

function list(value: string | null, fallback: string): string[] {
  return [...new Set((value || fallback).split(',').map((s) => s.trim()).filter(Boolean))];
}

function fromRange<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) throw new HttpError(400, err.message);
    throw err;
  }
}
