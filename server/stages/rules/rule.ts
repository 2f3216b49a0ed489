/**
 * Rule is one threshold rule as loaded from a rule file: the scopes it watches and, per alert
 * level, the condition that must hold and for how long; `clear` is how long the conditions must
 * have been false before the level falls (hysteresis).
 */
import type { Condition } from './condition.js';
import type { AlertLevel, IncidentType } from './levels.js';
import type { MetricDef } from './metric-names.js';
import type { ScopePattern } from './scope-pattern.js';

/** LevelSpec is one level of a rule: `{ when: <condition>, for: <duration> }`. */
export interface LevelSpec {
  when: Condition;
  forSec: number;
}

/** Rule is what the evaluator runs; `name` is its identity, so state survives a reload of the rule files. */
export interface Rule {
  name: string;
  scopes: readonly ScopePattern[];
  /** The incident type a rise opens. */
  type: IncidentType;
  levels: Partial<Record<AlertLevel, LevelSpec>>;
  clearSec: number;
  /** `file:line:col` of the rule, for messages. */
  origin: string;
  /** Every metric the rule's conditions read: recorded with each of its transitions. */
  metrics: readonly MetricDef[];
}

/** DEFAULT_CLEAR_SEC is the hysteresis of a rule without `clear`. */
export const DEFAULT_CLEAR_SEC = 60;

/** ruleWatches says whether a scope falls under one of the rule's patterns. */
export function ruleWatches(rule: Rule, scope: string): boolean {
  return rule.scopes.some((p) => p.test(scope));
}
