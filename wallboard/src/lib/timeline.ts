/**
 * timeline turns an incident's timeline entries (`GET /v1/incidents/{id}`) into short sentences
 * for the control screen, the printed report and the CSV export — one wording everywhere.
 */
import type { TimelineEntry } from './live/protocol.js';
import { LEVEL_LOOK } from './levels.js';
import { isRatioMetric } from '../../../server/stages/rules/ratio-metrics.js';
import { NONE, percent } from './format.js';

const name = (level: TimelineEntry['from']): string => (level === undefined ? '?' : LEVEL_LOOK[level].name.toLowerCase());
const move = (e: TimelineEntry): string => `${name(e.from)} → ${name(e.to)}`;
const by = (e: TimelineEntry): string => (e.by ? ` by ${e.by}` : '');

/** describeEntry: "Escalated orange → red by demo-dispatcher"; the reason is kept apart (`entry.reason`). */
export function describeEntry(e: TimelineEntry): string {
  switch (e.kind) {
    case 'opened':
      return 'Incident opened';
    case 'declared':
      return `Declared at ${name(e.to)}${by(e)}`;
    case 'scope':
      return `${e.scope ?? 'scope'} ${move(e)}${e.rule ? ` (rule ${e.rule}${e.condition ? `: ${e.condition}` : ''})` : ''}`;
    case 'level':
      return `Incident level ${move(e)}`;
    case 'ack':
      return `Acknowledged${by(e)}`;
    case 'escalate':
      return `Escalated ${move(e)}${by(e)}`;
    case 'deescalate':
      return `De-escalated ${move(e)}${by(e)}`;
    case 'release':
      return `Held level released${by(e)}`;
    case 'resolved':
      return e.by ? `Resolved${by(e)}` : 'Resolved after the quiet period';
  }
}

/** describeValues: the figures a rule read, fractions as the rules write them: "waiting 9 · serviceLevel 41.7%". */
export function describeValues(values: TimelineEntry['values']): string {
  if (!values) return '';
  return Object.entries(values).map(([metric, v]) => `${metric} ${figure(metric, v)}`).join(' · ');
}

function figure(metric: string, v: number | null): string {
  if (v === null) return NONE;
  if (isRatioMetric(metric)) return percent(v, Number.isInteger(Math.round(v * 1000) / 10) ? 0 : 1);
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
