/**
 * scalarOffset maps a character of a YAML string's value back to its offset in the file, so an
 * error inside a condition gets the file's line and column. The value and the source differ by
 * quotes, escapes (`\"`, `''`), block headers, indentation and folded line breaks; walking both
 * side by side and skipping what the value lacks finds the place.
 */
import type { Scalar } from 'yaml';

/** scalarOffset returns the file offset of value[index] (index = length: just past the last character). */
export function scalarOffset(text: string, node: Scalar, index: number): number {
  const [start, end] = node.range ?? [0, 0];
  const value = String(node.value);
  let at = contentStart(text, node, start);
  for (let i = 0; i < index && i < value.length; i++) at = locate(text, node.type, at, end, value[i] ?? '')[1];
  return index < value.length ? locate(text, node.type, at, end, value[index] ?? '')[0] : at;
}

// How many source characters a `\x..`, `\u....` or `\U........` escape takes; others take two.
const ESCAPE_LENGTH: Record<string, number> = { x: 4, u: 6, U: 10 };

function contentStart(text: string, node: Scalar, start: number): number {
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return start + 1;
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return text.indexOf('\n', start) + 1;
    default:
      return start;
  }
}

/** locate finds the source of one value character from `at` on: [where it is, where the next one starts]. */
function locate(text: string, type: Scalar['type'], at: number, end: number, c: string): [number, number] {
  while (at < end) {
    const s = text[at];
    if (type === 'QUOTE_DOUBLE' && s === '\\') {
      const escape = text[at + 1] ?? '';
      // An escaped line break continues the line and yields nothing.
      if (escape === '\n' || escape === '\r') {
        at += 2;
        continue;
      }
      return [at, at + (ESCAPE_LENGTH[escape] ?? 2)];
    }
    if (s === c) return [at, type === 'QUOTE_SINGLE' && c === "'" ? at + 2 : at + 1];
    if (s === ' ' || s === '\t' || s === '\n' || s === '\r') {
      at++;
      continue;
    }
    // A character that is not in the source: a line break folded into a space.
    return [at, at];
  }
  return [end, end];
}
