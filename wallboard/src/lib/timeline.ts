/**
 * timeline turns an incident's timeline entries (`GET /v1/incidents/{id}`) into short sentences
 * for the control screen, the printed report and the CSV export — one wording everywhere.
 */
import type { TimelineEntry } from './live/protocol.js';
import { LEVEL_LOOK } from './levels.js';
import { isRatioMetric } from '../../../server/stages/rules/ratio-metrics.js';
import { count, decimal, NONE, percent } from './format.js';
import { t } from '../i18n/index.js';

const name = (level: TimelineEntry['from']): string => (level === undefined ? '?' : LEVEL_LOOK[level].name.toLowerCase());
const move = (e: TimelineEntry): string => `${name(e.from)} → ${name(e.to)}`;
const by = (e: TimelineEntry): string => (e.by ? t.timeline.by(e.by) : '');

/** describeEntry: "Escalated orange → red by demo-dispatcher"; the reason is kept apart (`entry.reason`). */
export function describeEntry(e: TimelineEntry): string {
  const w = t.timeline;
  switch (e.kind) {
    case 'opened':
      return w.opened;
    case 'declared':
      return w.declared(name(e.to), by(e));
    case 'scope':
      return w.scopeMoved(e.scope ?? 'scope', move(e), e.rule ? w.rule(e.rule, e.condition ?? '') : '');
    case 'level':
      return w.level(move(e));
    case 'ack':
      return w.ack(by(e));
    case 'escalate':
      return w.escalate(move(e), by(e));
    case 'deescalate':
      return w.deescalate(move(e), by(e));
    case 'release':
      return w.release(by(e));
    case 'resolved':
      return e.by ? w.resolvedBy(by(e)) : w.resolvedQuiet;
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
  return Number.isInteger(v) ? count(v) : decimal(v, 2);
}
