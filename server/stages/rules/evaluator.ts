/**
 * evaluateRules is the rules evaluator (DESIGN.md "Levels and rules"): a pure step from the
 * previous state and the latest metrics to the new state and the level transitions at `now`.
 *
 *   rules ──────────┐
 *   metrics by scope ┼─► every (rule, scope) pair the rule watches ─► stepPair ─► state
 *   previous state ──┤                                                    └──────► transitions
 *   now ─────────────┘                 (+ each scope's level, the max over its rules)
 *
 * - A scope missing from the metrics keeps its pairs as they were: no data is not a recovery.
 * - Reloaded rules keep the state of every (rule name, scope) pair that still exists; a pair whose
 *   rule is gone, or no longer watches its scope, falls to normal with cause `rule-removed`.
 * - Pairs are stepped in rule order, then scope id order, so transitions come out deterministic.
 * Call it on every metrics change and at least four times a second so `for` and `clear` run on time.
 */
import type { MetricsByScope } from '../metrics/types.js';
import { readValues, type MetricValues } from './evaluate.js';
import { DEFAULT_INCIDENT_TYPE, highestLevel, type AlertLevel, type IncidentType, type Level } from './levels.js';
import { isQuiet, stepPair, type LevelChange } from './pair.js';
import { ruleWatches, type Rule } from './rule.js';
import type { PairState, RulesState } from './state.js';

/** Transition is one pair's level change, with what the incident timeline needs. */
export interface Transition extends Omit<LevelChange, 'cause'> {
  scope: string;
  rule: string;
  /** Incident type of the rule (traffic_surge unless the rule says so, or once the rule is deleted). */
  type: IncidentType;
  /** The scope's level (the max over its rules) just before and just after this transition. */
  scopeFrom: Level;
  scopeTo: Level;
  /** Epoch ms. */
  at: number;
  cause: LevelChange['cause'] | 'rule-removed';
  /** Every figure the rule's conditions read, at `at` (empty for rule-removed). */
  values: MetricValues;
  /** An early warning: the rise holds on `forecast.*` figures, and this level is expected in `inMin` minutes (added by the pipeline step). */
  predicted?: { level: AlertLevel; inMin: number };
}

/** RulesStep is the outcome of one evaluation. */
export interface RulesStep {
  state: RulesState;
  transitions: Transition[];
}

type PairChange = Omit<Transition, 'scopeFrom' | 'scopeTo'>;

/** evaluateRules steps every pair; it reads its arguments and never changes them. */
export function evaluateRules(rules: readonly Rule[], metricsByScope: MetricsByScope, previous: RulesState, now: number): RulesStep {
  const changes: PairChange[] = [];
  const byName = new Map(rules.map((r) => [r.name, r]));
  for (const [ruleName, pairs] of Object.entries(previous.pairs)) {
    const rule = byName.get(ruleName);
    for (const [scope, pair] of Object.entries(pairs)) {
      if (pair.level === 'normal' || (rule && ruleWatches(rule, scope))) continue;
      const type = rule?.type ?? DEFAULT_INCIDENT_TYPE;
      changes.push({ scope, rule: ruleName, type, from: pair.level, to: 'normal', at: now, cause: 'rule-removed', condition: null, values: {} });
    }
  }

  const scopes = Object.entries(metricsByScope).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const state: RulesState = { pairs: {} };
  for (const rule of rules) {
    const before = previous.pairs[rule.name] ?? {};
    const after: Record<string, PairState> = {};
    for (const [scope, metrics] of scopes) {
      if (!ruleWatches(rule, scope)) continue;
      const values = readValues(rule.metrics, metrics);
      const { pair, change } = stepPair(rule, before[scope], values, now);
      if (!isQuiet(pair)) after[scope] = pair;
      if (change) changes.push({ ...change, scope, rule: rule.name, type: rule.type, at: now, values });
    }
    for (const [scope, pair] of Object.entries(before)) {
      if (!Object.hasOwn(metricsByScope, scope) && ruleWatches(rule, scope)) after[scope] = pair;
    }
    if (Object.keys(after).length > 0) state.pairs[rule.name] = after;
  }
  return { state, transitions: withScopeLevels(previous, changes) };
}

/** withScopeLevels adds each scope's level before and after every change, applying the changes in order. */
function withScopeLevels(previous: RulesState, changes: PairChange[]): Transition[] {
  const levels = new Map<string, Map<string, Level>>();
  for (const [rule, pairs] of Object.entries(previous.pairs)) {
    for (const [scope, pair] of Object.entries(pairs)) levels.set(scope, (levels.get(scope) ?? new Map()).set(rule, pair.level));
  }
  return changes.map((c) => {
    const byRule = levels.get(c.scope) ?? new Map<string, Level>();
    levels.set(c.scope, byRule);
    const scopeFrom = highestLevel(byRule.values());
    byRule.set(c.rule, c.to);
    return { ...c, scopeFrom, scopeTo: highestLevel(byRule.values()) };
  });
}
