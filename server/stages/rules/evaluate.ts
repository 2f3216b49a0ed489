/**
 * Evaluating a compiled condition against one scope's metrics.
 *
 * No data never raises an alert: a comparison with a null metric (not measured yet, e.g. the
 * service level of a window with no contacts) is *unknown*, and unknowns follow three-valued logic —
 * `not unknown` is unknown, `unknown and false` is false, `unknown or true` is true — and a condition
 * that ends up unknown counts as false. So `waiting >= 10 or serviceLevel < 80%` still fires on the
 * queue length alone, and `not (serviceLevel >= 80%)` does not fire on a null service level.
 */
import type { ScopeMetrics } from '../metrics/types.js';
import type { CompareOp, Expr, Operand } from './ast.js';
import type { Condition } from './condition.js';
import { readMetric, type MetricDef } from './metric-names.js';

/** MetricValues are figures by metric name: what conditions read, and what transitions record for the timeline. */
export type MetricValues = Record<string, number | null>;

/** readValues reads the named figures of one scope. */
export function readValues(defs: readonly MetricDef[], metrics: ScopeMetrics): MetricValues {
  const values: MetricValues = {};
  for (const def of defs) values[def.name] = readMetric(def, metrics);
  return values;
}

/** holds says whether a condition is true for these values (unknown counts as false). */
export function holds(condition: Condition, values: MetricValues): boolean {
  return truth(condition.expr, values) === true;
}

/** truth is three-valued: null stands for unknown. */
function truth(e: Expr, values: MetricValues): boolean | null {
  switch (e.kind) {
    case 'compare': {
      const [a, b] = [value(e.left, values), value(e.right, values)];
      return a === null || b === null ? null : compare(e.op, a, b);
    }
    case 'not': {
      const t = truth(e.operand, values);
      return t === null ? null : !t;
    }
    case 'and': {
      const [a, b] = [truth(e.left, values), truth(e.right, values)];
      return a === false || b === false ? false : a === null || b === null ? null : true;
    }
    case 'or': {
      const [a, b] = [truth(e.left, values), truth(e.right, values)];
      return a === true || b === true ? true : a === null || b === null ? null : false;
    }
  }
}

function value(o: Operand, values: MetricValues): number | null {
  return o.kind === 'literal' ? o.value : (values[o.name] ?? null);
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}
