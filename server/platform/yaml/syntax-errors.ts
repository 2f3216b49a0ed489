/**
 * syntaxProblems turns the `yaml` package's syntax errors into problems at the place a reader
 * would fix. The package reports an indentation mistake where its parse went wrong, not at the
 * key that caused it: at column 1 of the line (in the indentation itself), or where a plain value
 * started when a more-indented key on the next line was read as the rest of that value
 * (`scope: all⏎     red: …` → line of `all`). Such problems move to the offending key and say
 * how its indentation differs from the line above; the same mistake reported twice is said once.
 */
import type { YAMLError } from 'yaml';

export interface SyntaxProblem {
  offset: number;
  message: string;
}

// The errors an indentation mistake produces; a tab in the indentation stays where the tab is.
const INDENTATION = new Set(['BAD_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);

export function syntaxProblems(text: string, errors: readonly YAMLError[]): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  // A swallowed key is also reported where the value started ("Nested mappings are not allowed…").
  const swallowedAt = new Set(errors.filter((e) => swallowsKey(text, e)).map((e) => e.pos[0]));
  for (const e of errors) {
    const swallowed = swallowsKey(text, e);
    if (!swallowed && swallowedAt.has(e.pos[0])) continue;
    // The library's messages end in their own "at line 3, column 5:", which our prefix already says.
    let message = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    let offset = e.pos[0];
    if (INDENTATION.has(e.code)) {
      // A key swallowed into the value before it is the first thing on the range's last line.
      // yaml may also name a comment line before the key.
      const keyLine = swallowed ? lineStart(text, e.pos[1] - 1) : contentLineFrom(text, lineStart(text, offset));
      const key = firstNonBlank(text, keyLine);
      if (isContent(text, keyLine) && (swallowed || key >= offset)) {
        offset = key;
        message = `${indentation(text, keyLine)}: ${message}`;
      }
    }
    if (!problems.some((p) => p.offset === offset)) problems.push({ offset, message });
  }
  return problems;
}

/** swallowsKey: a more-indented key read as the rest of the plain value on the line before. */
const swallowsKey = (text: string, e: YAMLError) => e.code === 'MULTILINE_IMPLICIT_KEY' && text.slice(e.pos[0], e.pos[1]).includes('\n');

/** indentation says where the line's key starts against the line above it: the likely mistake. */
function indentation(text: string, start: number): string {
  const key = /^(-\s+)?[^\s:#]+/.exec(text.slice(firstNonBlank(text, start)))?.[0] ?? '';
  const column = firstNonBlank(text, start) - start + 1;
  const above = previousContentLine(text, start);
  const aboveColumn = above === null ? null : firstNonBlank(text, above) - above + 1;
  const compared = aboveColumn === null || aboveColumn === column ? '' : `, the line above at column ${aboveColumn}`;
  return `bad indentation of "${key}" (column ${column}${compared})`;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;

function firstNonBlank(text: string, from: number): number {
  let at = from;
  while (text[at] === ' ') at++;
  return at;
}

/** isContent: the line starting at `start` holds more than blanks and a comment. */
function isContent(text: string, start: number): boolean {
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end === -1 ? undefined : end).trim();
  return line !== '' && !line.startsWith('#');
}

function previousContentLine(text: string, start: number): number | null {
  let at = start;
  while (at > 0) {
    at = lineStart(text, at - 1);
    if (isContent(text, at)) return at;
  }
  return null;
}

function contentLineFrom(text: string, start: number): number {
  let at = start;
  while (!isContent(text, at)) {
    const next = text.indexOf('\n', at);
    if (next === -1) return start;
    at = next + 1;
  }
  return at;
}
