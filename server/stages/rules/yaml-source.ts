/**
 * YamlSource reads a YAML file (rule files, rule tests) as nodes that remember where they came
 * from, collecting every problem as `file:line:col: message` rather than stopping at the first.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { DURATION_HINT, parseDuration } from './quantity.js';
import { scalarOffset } from './scalar-offset.js';
import { didYouMean } from './suggest.js';

/** Entry is one `key: value` of a mapping; value is null when empty (`when:`), so messages point at the key. */
export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
}

/** At is what a problem is reported at: a node, or an entry's value (its key when the value is empty). */
export type At = Node | Entry;

/** YamlSource is one parsed file and the problems found in it so far. */
export class YamlSource {
  readonly errors: string[] = [];
  /** The document's top node; null for an empty file. */
  readonly root: Node | null;
  private readonly lines = new LineCounter();
  private readonly doc: Document;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true });
    // The library's messages end in their own "at line 3, column 5:", which the prefix already says.
    for (const e of this.doc.errors) {
      const message = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      this.errors.push(`${this.where(e.pos[0])}: ${message}`);
    }
    this.root = this.resolve(this.doc.contents);
  }

  /** where formats a file offset as `file:line:col`. */
  where(offset: number): string {
    const { line, col } = this.lines.linePos(offset);
    return `${this.file}:${line}:${col}`;
  }

  /** whereIs is the `file:line:col` of a node or entry. */
  whereIs(at: At): string {
    return this.where(this.nodeOf(at).range?.[0] ?? 0);
  }

  /** report records a problem at a node or entry. */
  report(at: At, message: string): void {
    this.errors.push(`${this.whereIs(at)}: ${message}`);
  }

  /** reportInside records a problem at one character of a string scalar, such as a token of a condition. */
  reportInside(node: Scalar, index: number, message: string): void {
    this.errors.push(`${this.where(scalarOffset(this.text, node, index))}: ${message}`);
  }

  /** mapping reads the entries of a mapping, reporting keys not in `allowed`; null (reported) when it is not a mapping. */
  mapping(at: At, what: string, allowed: readonly string[]): Entry[] | null {
    const node = this.valueOf(at);
    if (!isMap(node)) return this.fail(at, `${what} must be a mapping`);
    const entries: Entry[] = [];
    for (const pair of node.items) {
      const keyNode = this.resolve(pair.key as Node | null);
      if (!isScalar(keyNode)) continue;
      const key = String(keyNode.value);
      if (allowed.includes(key)) entries.push({ key, keyNode, value: this.resolve(pair.value as Node | null) });
      // Long lists (every metric name) are left to the did-you-mean hint.
      else this.report(keyNode, `unknown key "${key}" in ${what}${didYouMean(key, allowed)}${allowed.length <= 10 ? ` (allowed: ${allowed.join(', ')})` : ''}`);
    }
    return entries;
  }

  /** required finds `key` among a mapping's entries, reporting at the mapping when it is missing. */
  required(node: Node, entries: readonly Entry[], key: string, message = `"${key}" is required`): Entry | undefined {
    const entry = entries.find((e) => e.key === key);
    if (!entry) this.report(node, message);
    return entry;
  }

  /** list reads the items of a sequence; null (reported) when it is not one. */
  list(at: At, what: string): Node[] | null {
    const node = this.valueOf(at);
    if (!isSeq(node)) return this.fail(at, `${what} must be a list`);
    return node.items.flatMap((item) => this.resolve(item as Node | null) ?? []);
  }

  /** string reads a non-empty string scalar; null (reported) otherwise. */
  string(at: At, what: string): (Scalar & { value: string }) | null {
    const node = this.valueOf(at);
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') return this.fail(at, `${what} must be text`);
    return node as Scalar & { value: string };
  }

  /** duration reads a duration such as 90s or 5m, in seconds; null (reported) otherwise. */
  duration(at: At, what: string): number | null {
    const node = this.valueOf(at);
    const seconds = isScalar(node) && typeof node.value === 'string' ? parseDuration(node.value) : null;
    if (seconds === null) return this.fail(at, `bad duration ${isScalar(node) ? `"${String(node.value)}" ` : ''}for ${what}: ${DURATION_HINT}`);
    return seconds;
  }

  /** valueOf is the node an entry holds (null when empty), or the node itself. */
  valueOf(at: At): Node | null {
    return 'keyNode' in at ? at.value : at;
  }

  private nodeOf(at: At): Node {
    return 'keyNode' in at ? (at.value ?? at.keyNode) : at;
  }

  private fail(at: At, message: string): null {
    this.report(at, message);
    return null;
  }

  // Aliases (`*defaults`) read as the node they name, so anchors can share conditions.
  private resolve(node: Node | null | undefined): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node ?? null;
  }
}
