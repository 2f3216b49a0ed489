/**
 * runRuleTest plays one rule test through the evaluator. The series becomes synthetic metrics for
 * the test's scope; the evaluator runs every second of simulated time (the live server runs at
 * least four times a second) and at every series and expectation time; each expectation is
 * compared with the scope's level just after the evaluation at its time. The scope is absent
 * from the metrics before the first series point.
 */
import { evaluateRules, type Transition } from './evaluator.js';
import type { MetricValues } from './evaluate.js';
import type { Level } from './levels.js';
import { ruleWatches, type Rule } from './rule.js';
import { emptyRulesState, scopeLevels } from './state.js';
import { syntheticMetrics } from './synthetic-metrics.js';
import type { RuleTestCase } from './test-file.js';

/** TEST_STEP_MS is the longest gap between two evaluations in a rule test. */
export const TEST_STEP_MS = 1000;

/** RuleTestFailure is one expectation that did not hold. */
export interface RuleTestFailure {
  at: number;
  where: string;
  expected: Level;
  got: Level;
}

/** RuleTestResult is how a test went: it passed when no rule was missing and nothing failed. */
export interface RuleTestResult {
  test: RuleTestCase;
  /** No loaded rule watches the test's scope, which usually means a typo in the scope. */
  unwatched: boolean;
  failures: RuleTestFailure[];
  /** Every transition that happened, for the report. */
  transitions: Transition[];
}

/** runRuleTest is pure: simulated time starts at 0 ms. */
export function runRuleTest(test: RuleTestCase, rules: readonly Rule[]): RuleTestResult {
  const times = new Set([...test.series.map((p) => p.at), ...test.expect.map((e) => e.at)]);
  const end = Math.max(0, ...times);
  for (let t = 0; t <= end; t += TEST_STEP_MS) times.add(t);

  let state = emptyRulesState();
  const transitions: Transition[] = [];
  const levels = new Map<number, Level>();
  for (const t of [...times].sort((a, b) => a - b)) {
    const points = test.series.filter((p) => p.at <= t);
    const values: MetricValues = Object.assign({}, ...points.map((p) => p.values));
    const metrics = points.length > 0 ? { [test.scope]: syntheticMetrics(test.scope, values, t) } : {};
    const step = evaluateRules(rules, metrics, state, t);
    state = step.state;
    transitions.push(...step.transitions);
    levels.set(t, scopeLevels(state)[test.scope] ?? 'normal');
  }

  const failures = test.expect.flatMap((e) => {
    const got = levels.get(e.at) ?? 'normal';
    return got === e.level ? [] : [{ at: e.at, where: e.where, expected: e.level, got }];
  });
  return { test, unwatched: !rules.some((r) => ruleWatches(r, test.scope)), failures, transitions };
}

/** passed says whether a test result is a pass. */
export function passed(result: RuleTestResult): boolean {
  return !result.unwatched && result.failures.length === 0;
}
