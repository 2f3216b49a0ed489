/**
 * The syntax tree of a condition (the `when` of a rule level), and the error every stage of
 * reading one raises. Offsets count characters into the condition text.
 */
import type { QuantityUnit } from './quantity.js';

/** CompareOp is one of the six comparisons a condition can make. */
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** Operand is one side of a comparison: a metric name or a literal quantity. */
export type Operand =
  | { kind: 'metric'; name: string; offset: number }
  | { kind: 'literal'; value: number; unit: QuantityUnit; text: string; offset: number };

/** Expr is a condition: comparisons joined by `and`, `or` and `not`. */
export type Expr =
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr };

/** ConditionError is a problem at `offset` in the condition text; the rule loader turns it into file:line:col. */
export class ConditionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}
