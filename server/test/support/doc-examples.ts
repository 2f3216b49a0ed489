/**
 * The shell examples of README.md and docs/*.md, and how their documented answers are matched.
 * The conventions (docs/development.md, "Examples in these docs"):
 *
 *   - a fenced block whose info string starts with `sh`, `bash` or `shell` is an example;
 *   - it runs as printed, unless the line before it (blank lines aside) is
 *     `<!-- not-run: <reason> -->` (runs forever, needs a PBX, AWS, Docker, k6…);
 *   - a runnable example is followed (blank lines aside) by its answer: a `text` or `json`
 *     block showing what the terminal prints (stdout and stderr);
 *   - in an answer, `…` stands for whatever the server says: part of a line or a JSON string,
 *     a whole line of text (`…` alone: any number of lines), a JSON value, or the rest of a
 *     JSON array (as its last element). JSON objects may hold more keys than the answer shows.
 */
import { readFileSync } from 'node:fs';

export interface Example {
  /** `file:line` of the opening fence. */
  where: string;
  script: string;
  /** The reason from `<!-- not-run: reason -->`, when the example is not run. */
  notRun?: string;
  answer?: { kind: 'text' | 'json'; body: string; where: string };
}

const SHELL = /^(sh|bash|shell)\b/;
const NOT_RUN = /^<!--\s*not-run:(.*?)-->$/;

interface Block {
  info: string;
  body: string;
  line: number;
  /** The last non-blank line before the opening fence. */
  before: string;
  /** The block that follows with nothing but blank lines between, if any. */
  next?: Block;
}

function blocks(text: string): Block[] {
  const found: Block[] = [];
  let reading: { block: Block; body: string[] } | undefined;
  let lastText = '';
  let previous: Block | undefined; // the last block, while only blank lines follow it
  for (const [i, line] of text.split('\n').entries()) {
    if (reading) {
      if (/^```\s*$/.test(line)) {
        reading.block.body = reading.body.join('\n');
        found.push(reading.block);
        previous = reading.block;
        lastText = '```';
        reading = undefined;
      } else reading.body.push(line);
      continue;
    }
    const fence = /^```(.*)$/.exec(line);
    if (fence) {
      const block: Block = { info: (fence[1] ?? '').trim(), body: '', line: i + 1, before: lastText };
      if (previous) previous.next = block;
      reading = { block, body: [] };
    } else if (line.trim() !== '') {
      lastText = line.trim();
      previous = undefined;
    }
  }
  return found;
}

/** examplesIn lists the shell examples of one Markdown file. */
export function examplesIn(file: string): Example[] {
  return blocks(readFileSync(file, 'utf8')).flatMap((b): Example[] => {
    if (!SHELL.test(b.info)) return [];
    const example: Example = { where: `${file}:${b.line}`, script: b.body };
    const reason = NOT_RUN.exec(b.before)?.[1]?.trim();
    if (reason) example.notRun = reason;
    const next = b.next;
    if (next && (next.info === 'text' || next.info === 'json')) {
      example.answer = { kind: next.info, body: next.body, where: `${file}:${next.line}` };
    }
    return [example];
  });
}

/** strayMarkers lists `not-run` markers without a reason or not right before a shell example. */
export function strayMarkers(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    if (!/^\s*<!--\s*not-run/.test(line)) return [];
    const reason = NOT_RUN.exec(line.trim())?.[1]?.trim();
    const following = lines.slice(i + 1).find((l) => l.trim() !== '') ?? '';
    const fence = /^```(.*)$/.exec(following);
    return reason && fence && SHELL.test((fence[1] ?? '').trim()) ? [] : [`${file}:${i + 1}`];
  });
}

/** mismatch compares what an example printed with its answer: undefined when it matches, else why not. */
export function mismatch(answer: { kind: 'text' | 'json'; body: string }, printed: string): string | undefined {
  if (answer.kind === 'text') return textMismatch(answer.body, printed);
  let actual: unknown;
  try {
    actual = JSON.parse(printed);
  } catch {
    return `the answer should be JSON, but it printed:\n${printed}`;
  }
  return jsonMismatch(JSON.parse(quoteBareEllipses(answer.body)), actual, '$');
}

const ANY = '…';

function lineMatches(pattern: string, line: string): boolean {
  const parts = pattern.split(ANY).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(line);
}

function textMismatch(expected: string, printed: string): string | undefined {
  const trim = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '').split('\n');
  const want = trim(expected);
  const got = trim(printed);
  const match = (w: number, g: number): boolean => {
    const pattern = want[w];
    if (pattern === undefined) return g === got.length;
    if (pattern === ANY) return match(w + 1, g) || (g < got.length && match(w, g + 1));
    const line = got[g];
    return line !== undefined && lineMatches(pattern, line) && match(w + 1, g + 1);
  };
  return match(0, 0) ? undefined : `expected:\n${want.join('\n')}\nprinted:\n${got.join('\n')}`;
}

/** quoteBareEllipses turns each `…` outside a JSON string into the string "…" (any value). */
function quoteBareEllipses(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charAt(i);
    if (inString) {
      if (c === '\\') {
        out += c + json.charAt(++i);
        continue;
      }
      if (c === '"') inString = false;
      out += c;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else out += c === ANY ? `"${ANY}"` : c;
  }
  return out;
}

function jsonMismatch(want: unknown, got: unknown, path: string): string | undefined {
  if (want === ANY) return undefined;
  if (typeof want === 'string') {
    return typeof got === 'string' && lineMatches(want, got) ? undefined : `${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return `${path}: expected an array, got ${JSON.stringify(got)}`;
    const open = want.length > 0 && want[want.length - 1] === ANY;
    const items = open ? want.slice(0, -1) : want;
    if (open ? got.length < items.length : got.length !== items.length) {
      return `${path}: expected ${open ? 'at least ' : ''}${items.length} items, got ${got.length}: ${JSON.stringify(got)}`;
    }
    for (let i = 0; i < items.length; i++) {
      const why = jsonMismatch(items[i], got[i], `${path}[${i}]`);
      if (why) return why;
    }
    return undefined;
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return `${path}: expected an object, got ${JSON.stringify(got)}`;
    for (const [key, value] of Object.entries(want)) {
      if (!(key in got)) return `${path}: no key "${key}" in ${JSON.stringify(got)}`;
      const why = jsonMismatch(value, (got as Record<string, unknown>)[key], `${path}.${key}`);
      if (why) return why;
    }
    return undefined;
  }
  return Object.is(want, got) ? undefined : `${path}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
}
