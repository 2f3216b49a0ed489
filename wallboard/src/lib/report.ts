/**
 * report: the pure parts of an incident report — the time window charted around the incident,
 * the scopes and metrics a dispatcher can chart, and the CSV export (the timeline and the charted
 * figures in one table, in time order).
 */
import type { Incident, TimelineEntry } from './live/protocol.js';
import type { TrendPoint } from './live/trends.js';
import { ALL, centreScope } from './scopes.js';
import { describeEntry, describeValues } from './timeline.js';
import { toCsv, type Cell } from './csv.js';
import { LEVEL_LOOK } from './levels.js';
import type { Marker } from './charts/scales.js';

/** How much before the incident opened, and after it resolved, the chart shows. */
export const BEFORE_MS = 30 * 60_000;
export const AFTER_MS = 10 * 60_000;

/** reportWindow: from half an hour before the incident to ten minutes after it resolved (or now). */
export function reportWindow(incident: Pick<Incident, 'openedAt' | 'resolvedAt'>, now: number): { from: number; to: number } {
  const end = incident.resolvedAt === null ? now : Math.min(now, incident.resolvedAt + AFTER_MS);
  return { from: incident.openedAt - BEFORE_MS, to: Math.max(end, incident.openedAt) };
}

/** The metrics a report can chart; ids are the `GET /v1/history` metric names. */
export const REPORT_METRICS = [
  { id: 'waiting', label: 'Waiting', fraction: false },
  { id: 'longestWaitSec', label: 'Longest wait (s)', fraction: false },
  { id: 'serviceLevel', label: 'Service level, 15 min', fraction: true },
  { id: 'abandonRate', label: 'Abandon rate, 15 min', fraction: true },
  { id: 'agents.available', label: 'Agents available', fraction: false },
] as const;

/** chartScopes: the scopes that moved in this incident (worst first), then its centre (or `all`). */
export function chartScopes(incident: Pick<Incident, 'centre'>, timeline: readonly TimelineEntry[]): string[] {
  const moved = timeline.filter((e) => e.kind === 'scope' && e.scope !== undefined).map((e) => e.scope!);
  const own = incident.centre === ALL ? ALL : centreScope(incident.centre);
  return [...new Set([...moved, own])];
}

const MARKED: Partial<Record<TimelineEntry['kind'], string>> = {
  level: '',
  declared: 'declared',
  escalate: 'escalated',
  deescalate: 'de-escalated',
  ack: 'ack',
  resolved: 'resolved',
};

/** timelineMarks: the moments a report chart marks — level changes, actions, resolution — coloured by level. */
export function timelineMarks(timeline: readonly TimelineEntry[]): Marker[] {
  return timeline.flatMap((e) => {
    const word = MARKED[e.kind];
    if (word === undefined) return [];
    // Black is drawn in the text colour so it shows on the dark screen and on paper.
    const colour = e.to === undefined ? 'var(--muted)' : e.to === 'black' ? 'var(--text)' : LEVEL_LOOK[e.to].colour;
    const label = [word, e.to ? LEVEL_LOOK[e.to].name.toLowerCase() : ''].filter(Boolean).join(' ');
    return [{ t: e.at, label, colour }];
  });
}

export interface ChartedSeries {
  scope: string;
  metric: string;
  points: readonly TrendPoint[];
}

const HEADER = ['time', 'epoch_ms', 'record', 'event', 'from', 'to', 'scope', 'rule', 'by', 'reason', 'figures', 'metric', 'value'];

/** reportCsv: one row per timeline entry and per charted point, in time order (timeline first at a tie). */
export function reportCsv(timeline: readonly TimelineEntry[], series: ChartedSeries | null): string {
  const events = timeline.map((e): [number, Cell[]] => [
    e.at,
    [iso(e.at), e.at, 'timeline', describeEntry(e), e.from, e.to, e.scope, e.rule, e.by, e.reason, describeValues(e.values), null, null],
  ]);
  const points = (series?.points ?? []).map((p): [number, Cell[]] => [
    p.t,
    [iso(p.t), p.t, 'figure', null, null, null, series!.scope, null, null, null, null, series!.metric, p.v],
  ]);
  const rows = [...events, ...points].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  return toCsv([HEADER, ...rows]);
}

const iso = (ms: number): string => new Date(ms).toISOString();
