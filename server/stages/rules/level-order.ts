/**
 * levelOrderWarnings finds a higher level whose threshold is looser than a lower level's on the
 * same metric, so it fires first: yellow `waiting >= 20` with red `waiting >= 10` goes straight
 * to red at 10 and never shows yellow. Like promtool's lint, a warning, not an error: it may be
 * meant (a longer `for`). Only comparisons a condition ORs at its top are compared — one under
 * `and` or `not` may be held back by the rest — metric against literal, in the same direction.
 */
import type { Expr } from './ast.js';
import type { Condition } from './condition.js';
import { ALERT_LEVELS, type AlertLevel } from './levels.js';
import { METRICS } from './metric-names.js';

export interface LevelOrderWarning {
  level: AlertLevel;
  /** Where the looser comparison starts in the level's condition text. */
  offset: number;
  message: string;
}

/** Threshold is `metric ⊳ value`: `high` fires above the value (>, >=), `low` below it (<, <=). */
interface Threshold {
  metric: string;
  direction: 'high' | 'low';
  value: number;
  inclusive: boolean;
  offset: number;
  text: string;
}

const FLIPPED = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

export function levelOrderWarnings(levels: Partial<Record<AlertLevel, { when: Condition }>>): LevelOrderWarning[] {
  const warnings: LevelOrderWarning[] = [];
  const given = ALERT_LEVELS.filter((l) => levels[l]);
  for (const [i, level] of given.entries()) {
    for (const higher of thresholds(levels[level]!.when)) {
      // Against the nearest lower level it overtakes, once.
      const lower = given
        .slice(0, i)
        .reverse()
        .flatMap((l) => thresholds(levels[l]!.when).map((t) => ({ level: l, t })))
        .find(({ t }) => t.metric === higher.metric && t.direction === higher.direction && looser(higher, t));
      if (lower) warnings.push({ level, offset: higher.offset, message: `${level} fires before ${lower.level}: ${higher.text} is looser than ${lower.level}'s ${lower.t.text}` });
    }
  }
  return warnings;
}

/** looser: some value meets the higher level's threshold but not the lower one's. */
function looser(higher: Threshold, lower: Threshold): boolean {
  const beyond = higher.direction === 'high' ? higher.value < lower.value : higher.value > lower.value;
  return beyond || (higher.value === lower.value && higher.inclusive && !lower.inclusive);
}

function thresholds(condition: Condition): Threshold[] {
  return disjuncts(condition.expr).flatMap((e) => {
    if (e.kind !== 'compare' || e.op === '==' || e.op === '!=') return [];
    const [metric, literal, op] = e.left.kind === 'metric' ? [e.left, e.right, e.op] : [e.right, e.left, FLIPPED[e.op]];
    if (metric.kind !== 'metric' || literal.kind !== 'literal') return [];
    const def = METRICS.get(metric.name);
    if (!def) return [];
    const offset = Math.min(e.left.offset, e.right.offset);
    return [{ metric: def.path.join('.'), direction: op.startsWith('>') ? 'high' : 'low', value: literal.value, inclusive: op.endsWith('='), offset, text: `${metric.name} ${op} ${literal.text}` }];
  });
}

function disjuncts(e: Expr): Expr[] {
  return e.kind === 'or' ? [...disjuncts(e.left), ...disjuncts(e.right)] : [e];
}

