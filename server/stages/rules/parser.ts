/**
 * parseCondition reads a condition into a syntax tree by recursive descent:
 *
 *   condition  := or
 *   or         := and ("or" and)*
 *   and        := not ("and" not)*
 *   not        := "not" not | "(" condition ")" | comparison
 *   comparison := operand ("<" | "<=" | ">" | ">=" | "==" | "!=") operand
 *   operand    := metric name | number | percentage | duration
 *
 * `and` binds tighter than `or`, as everywhere. Comparisons do not chain (`1 < a < 2`).
 *
 * Conditions are short in practice; two limits keep a hostile one from exhausting the stack
 * (here, and in every walk of the tree): at most MAX_LENGTH characters, and parentheses and
 * `not` nested at most MAX_NESTING deep.
 */
import { ConditionError, type Expr, type Operand } from './ast.js';
import { tokenize, type Token } from './lexer.js';

const MAX_LENGTH = 2000;
const MAX_NESTING = 50;

/** parseCondition returns the tree or throws a ConditionError at the first syntax error. */
export function parseCondition(source: string): Expr {
  if (source.length > MAX_LENGTH) throw new ConditionError(`a condition may be at most ${MAX_LENGTH} characters long: split it`, MAX_LENGTH);
  const tokens = tokenize(source);
  let next = 0;
  let depth = 0;
  const peek = (): Token => tokens[next] ?? tokens[tokens.length - 1]!;
  const take = (): Token => tokens[Math.min(next++, tokens.length - 1)]!;
  const fail = (expected: string): never => {
    const t = peek();
    throw new ConditionError(`expected ${expected}, found ${t.kind === 'end' ? 'the end of the condition' : `"${t.text}"`}`, t.offset);
  };

  const binary = (kind: 'and' | 'or', operand: () => Expr) => (): Expr => {
    let left = operand();
    while (peek().kind === kind) {
      take();
      left = { kind, left, right: operand() };
    }
    return left;
  };
  const nested = (inner: () => Expr): Expr => {
    const t = take();
    if (++depth > MAX_NESTING) throw new ConditionError(`parentheses and "not" may nest at most ${MAX_NESTING} deep`, t.offset);
    const expr = inner();
    depth--;
    return expr;
  };
  const not = (): Expr => {
    const t = peek();
    if (t.kind === 'not') return nested(() => ({ kind: 'not', operand: not() }));
    if (t.kind === '(') {
      return nested(() => {
        const inner = or();
        if (peek().kind !== ')') fail('")"');
        take();
        return inner;
      });
    }
    return comparison();
  };
  const and = binary('and', not);
  const or = binary('or', and);

  const operand = (): Operand => {
    const t = peek();
    if (t.kind !== 'name' && t.kind !== 'literal') return fail('a metric or a number');
    take();
    return t.kind === 'name'
      ? { kind: 'metric', name: t.text, offset: t.offset }
      : { kind: 'literal', value: t.value, unit: t.unit, text: t.text, offset: t.offset };
  };
  const comparison = (): Expr => {
    const left = operand();
    const op = peek();
    if (op.kind !== 'compare') return fail('a comparison (<, <=, >, >=, ==, !=)');
    take();
    const right = operand();
    const after = peek();
    if (after.kind === 'compare') {
      throw new ConditionError(`comparisons do not chain: join them with "and"`, after.offset);
    }
    return { kind: 'compare', op: op.text, left, right };
  };

  const tree = or();
  if (peek().kind !== 'end') fail('"and", "or" or the end of the condition');
  return tree;
}
