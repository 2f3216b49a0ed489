// The condition language of rule files (the `when` of a level), in short:
//
//   serviceLevel < 80% or waiting >= 10
//   longestWaitSec > 2m and not (agents.available > 0)
//   serviceLevel.5m < 50% or abandonRate.today > 8%
//
// - comparisons < <= > >= == != between a metric and a literal (or two metrics of the same unit);
//   `and` binds tighter than `or`, `not` tighter than both; parentheses group (grammar: parser.ts)
// - literals: numbers (10, -2, 0.8), percentages (80% is 0.8), durations in seconds (90s, 2m, 1h30m)
//   (quantity.ts); each must fit the metric's unit, so `serviceLevel < 80` and `waiting > 2m` are errors
// - metrics: instant names (waiting, longestWaitSec, agents.available, ivr.error, …) and window names
//   read over 15 minutes, or over another window with a suffix: serviceLevel.5m, offered.today
//   (metric-names.ts has the full list)
// - a null metric (not measured yet) never makes a condition fire (evaluate.ts)
//
// compileCondition turns the text into a Condition: parsed, every name resolved and every comparison
// checked for units. It never evaluates text as code.
import { ConditionError, type Expr, type Operand } from './ast.js';
import { METRICS, unknownMetricMessage, type MetricDef, type MetricUnit } from './metric-names.js';
import { parseCondition } from './parser.js';
import type { QuantityUnit } from './quantity.js';

/** Condition is a compiled `when`: its text, its tree and the metrics it reads, in order of appearance. */
export interface Condition {
  source: string;
  expr: Expr;
  metrics: readonly MetricDef[];
}

/** Compiled is a Condition, or every problem found in the text (one at most for syntax, all for names and units). */
export type Compiled = { ok: true; condition: Condition } | { ok: false; errors: ConditionError[] };

const UNIT_WORDS: Record<MetricUnit, string> = {
  count: 'a count',
  ratio: 'a fraction from 0 to 1',
  seconds: 'a time in seconds',
  perMinute: 'a rate per minute',
  money: 'an amount of money (in the costs currency)',
};
const UNIT_HINTS: Record<MetricUnit, string> = {
  count: 'compare it with a plain number',
  ratio: 'compare it with a percentage such as 80%',
  seconds: 'compare it with a duration such as 90s or 2m, or a number of seconds',
  perMinute: 'compare it with a plain number',
  money: 'compare it with a plain number',
};

/** compileCondition parses and checks one condition. */
export function compileCondition(source: string): Compiled {
  let expr: Expr;
  try {
    expr = parseCondition(source);
  } catch (err) {
    if (err instanceof ConditionError) return { ok: false, errors: [err] };
    throw err;
  }
  const errors: ConditionError[] = [];
  const metrics = new Map<string, MetricDef>();
  const resolve = (o: Operand): MetricDef | undefined => {
    if (o.kind !== 'metric') return undefined;
    const def = METRICS.get(o.name);
    if (def) metrics.set(def.name, def);
    else errors.push(new ConditionError(unknownMetricMessage(o.name), o.offset));
    return def;
  };
  const check = (e: Expr): void => {
    if (e.kind === 'not') {
      check(e.operand);
    } else if (e.kind !== 'compare') {
      check(e.left);
      check(e.right);
    } else {
      const problem = comparisonProblem(e.left, resolve(e.left), e.right, resolve(e.right));
      if (problem) errors.push(problem);
    }
  };
  check(expr);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, condition: { source, expr, metrics: [...metrics.values()] } };
}

/** comparisonProblem checks that the two sides of a comparison measure the same thing; undefined when they do (or a name is unknown). */
function comparisonProblem(left: Operand, leftDef: MetricDef | undefined, right: Operand, rightDef: MetricDef | undefined): ConditionError | undefined {
  if (left.kind === 'literal' && right.kind === 'literal') {
    return new ConditionError(`"${left.text}" is compared with "${right.text}": a comparison needs a metric`, left.offset);
  }
  if (leftDef && rightDef) {
    if (leftDef.unit === rightDef.unit) return undefined;
    return new ConditionError(`cannot compare ${leftDef.name} (${UNIT_WORDS[leftDef.unit]}) with ${rightDef.name} (${UNIT_WORDS[rightDef.unit]})`, left.offset);
  }
  const [def, literal] = leftDef ? [leftDef, right] : [rightDef, left];
  const problem = def && literal.kind === 'literal' ? literalProblem(def, literal) : undefined;
  return problem === undefined ? undefined : new ConditionError(problem, literal.offset);
}

/** literalProblem says why a literal written in another unit does not fit a metric; undefined when it fits. */
export function literalProblem(def: MetricDef, literal: { text: string; value: number; unit: QuantityUnit }): string | undefined {
  const mismatch =
    (literal.unit === 'percent' && def.unit !== 'ratio') ||
    (literal.unit === 'duration' && def.unit !== 'seconds') ||
    // A bare number against a ratio must be a fraction: `serviceLevel < 80` surely meant 80%.
    (literal.unit === 'number' && def.unit === 'ratio' && (literal.value < 0 || literal.value > 1));
  if (!mismatch) return undefined;
  const hint = def.unit === 'ratio' && literal.unit === 'number' ? ` (did you mean ${literal.text}%?)` : `: ${UNIT_HINTS[def.unit]}`;
  return `"${literal.text}" does not fit ${def.name}, which is ${UNIT_WORDS[def.unit]}${hint}`;
}
