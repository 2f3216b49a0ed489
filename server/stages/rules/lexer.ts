/**
 * tokenize splits a condition such as `serviceLevel.5m < 80% and not (waiting >= 10)` into
 * tokens, each with its offset in the text so that errors can point at it.
 */
import { ConditionError, type CompareOp } from './ast.js';
import { DURATION_HINT, parseQuantity, type QuantityUnit } from './quantity.js';

/** Token is one word of a condition. */
export type Token =
  | { kind: 'literal'; value: number; unit: QuantityUnit; text: string; offset: number }
  | { kind: 'name'; text: string; offset: number }
  | { kind: 'and' | 'or' | 'not' | '(' | ')'; text: string; offset: number }
  | { kind: 'compare'; text: CompareOp; offset: number }
  | { kind: 'end'; text: ''; offset: number };

// A name is dotted words; a part after a dot may start with a digit, for windows such as `.5m`.
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/y;
// Everything that could be meant as one quantity, so `5x` is reported whole rather than as `5` then `x`.
const QUANTITY = /-?\d[A-Za-z0-9.%]*/y;
const COMPARE = /<=|>=|==|!=|<|>/y;
const KEYWORDS = new Set(['and', 'or', 'not']);
// Operators from other languages, with what to write instead.
const FOREIGN: Record<string, string> = { '&': 'and', '|': 'or', '!': 'not', '=': '==' };

/** tokenize reads the whole condition or throws a ConditionError at the first character it cannot read. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = at;
    return re.exec(source)?.[0];
  };
  while (at < source.length) {
    const c = source[at] ?? '';
    if (/\s/.test(c)) {
      at++;
      continue;
    }
    const offset = at;
    let text: string | undefined;
    if ((text = match(COMPARE))) {
      tokens.push({ kind: 'compare', text: text as CompareOp, offset });
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: (text = c), offset });
    } else if ((text = match(QUANTITY))) {
      const q = parseQuantity(text);
      if (!q) throw new ConditionError(`bad number "${text}": write 10, 0.8, 80% or a duration (${DURATION_HINT})`, offset);
      tokens.push({ kind: 'literal', ...q, text, offset });
    } else if ((text = match(NAME))) {
      tokens.push(KEYWORDS.has(text) ? { kind: text as 'and' | 'or' | 'not', text, offset } : { kind: 'name', text, offset });
    } else {
      const instead = FOREIGN[c];
      const shown = c === '"' ? `'"'` : `"${c}"`;
      throw new ConditionError(`unexpected ${shown}${instead ? ` (write ${instead})` : ''}`, offset);
    }
    at += text.length;
  }
  tokens.push({ kind: 'end', text: '', offset: source.length });
  return tokens;
}
