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
import { t } from '../i18n/index.js';

/** How much before the incident opened, and after it resolved, the chart shows. */
export const BEFORE_MS = 30 * 60_000;
export const AFTER_MS = 10 * 60_000;

/** reportWindow: from half an hour before the incident to ten minutes after it resolved (or now). */
export function reportWindow(incident: Pick<Incident, 'openedAt' | 'resolvedAt'>, now: number): { from: number; to: number } {
  const end = incident.resolvedAt === null ? now : Math.min(now, incident.resolvedAt + AFTER_MS);
  return { from: incident.openedAt - BEFORE_MS, to: Math.max(end, incident.openedAt) };
}

/** The metrics a report can chart; ids are the `GET /v1/history` metric names, labels from the catalogue. */
export const REPORT_METRICS = (['waiting', 'longestWaitSec', 'serviceLevel', 'abandonRate', 'agents.available'] as const).map((id) => ({
  id,
  fraction: id === 'serviceLevel' || id === 'abandonRate',
  get label(): string {
    return t.report.metrics[id];
  },
}));

/** chartScopes: the scopes that moved in this incident (worst first), then its centre (or `all`). */
export function chartScopes(incident: Pick<Incident, 'centre'>, timeline: readonly TimelineEntry[]): string[] {
  const moved = timeline.filter((e) => e.kind === 'scope' && e.scope !== undefined).map((e) => e.scope!);
  const own = incident.centre === ALL ? ALL : centreScope(incident.centre);
  return [...new Set([...moved, own])];
}

/** The timeline entries a chart marks; a level change is marked by its level alone. */
const MARKED: ReadonlySet<TimelineEntry['kind']> = new Set(['level', 'declared', 'escalate', 'deescalate', 'ack', 'resolved']);

/** timelineMarks: the moments a report chart marks — level changes, actions, resolution — coloured by level. */
export function timelineMarks(timeline: readonly TimelineEntry[]): Marker[] {
  return timeline.flatMap((e) => {
    if (!MARKED.has(e.kind)) return [];
    const word = (t.timeline.mark as Record<string, string>)[e.kind] ?? '';
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

/**
 * reportCsv: one row per timeline entry and per charted point, in time order (timeline first at a tie).
 * Headings, record kinds and event words are in the screen's language; times stay ISO 8601 (UTC) and
 * figures plain numbers, so a spreadsheet reads them in any locale.
 */
export function reportCsv(timeline: readonly TimelineEntry[], series: ChartedSeries | null): string {
  const { header, timeline: TIMELINE, figure: FIGURE } = t.report.csv;
  const events = timeline.map((e): [number, Cell[]] => [
    e.at,
    [iso(e.at), e.at, TIMELINE, describeEntry(e), e.from, e.to, e.scope, e.rule, e.by, e.reason, describeValues(e.values), null, null],
  ]);
  const points = (series?.points ?? []).map((p): [number, Cell[]] => [
    p.t,
    [iso(p.t), p.t, FIGURE, null, null, null, series!.scope, null, null, null, null, series!.metric, p.v],
  ]);
  const rows = [...events, ...points].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  return toCsv([header, ...rows]);
}

const iso = (ms: number): string => new Date(ms).toISOString();
