/**
 * YamlSource is the one YAML reader: the config, its adapter mappings, rule files, rule tests
 * and plan files are read through it as nodes that remember where they came from, every
 * problem collected as `file:line:col: message` rather than stopping at the first, and every
 * unknown key refused with the nearest known one.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { scalarOffset } from './scalar-offset.js';
import { syntaxProblems } from './syntax-errors.js';
import { knownKeys } from './suggest.js';

/** Entry is one `key: value` of a mapping; value is null when empty (`when:`), so messages point at the key. */
export interface Entry {
  key: string;
  keyNode: Node;
  value: Node | null;
}

/** Path names a value by its mapping keys and list indexes, e.g. `['centres', 0, 'queues']`. */
export type Path = readonly (string | number)[];

/** At is what a problem is reported at: a node, or an entry's value (its key when the value is empty). */
export type At = Node | Entry;

/** YamlSource is one parsed file and the problems found in it so far. */
export class YamlSource {
  readonly errors: string[] = [];
  /** Problems that do not make the file wrong (`file:line:col: warning: message`). */
  readonly warnings: string[] = [];
  /** The document's top node; null for an empty file. */
  readonly root: Node | null;
  private readonly lines = new LineCounter();
  private readonly doc: Document;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true });
    for (const p of syntaxProblems(text, this.doc.errors)) this.errors.push(`${this.where(p.offset)}: ${p.message}`);
    this.root = this.resolve(this.doc.contents);
  }

  /** where formats a file offset as `file:line:col`. */
  where(offset: number): string {
    const { line, col } = this.lines.linePos(offset);
    return `${this.file}:${line}:${col}`;
  }

  /**
   * data is the document as plain values (aliases resolved); an empty value (`key:`) counts as
   * absent. An alias bomb is refused (recorded in `errors`, undefined returned) rather than expanded.
   */
  data(): unknown {
    try {
      return withoutEmpty(this.doc.toJS());
    } catch (err) {
      this.errors.push(`${this.where(0)}: ${(err as Error).message}`);
      return undefined;
    }
  }

  /**
   * offsetAt is where the value at `path` starts — its key with `atKey`, as for an unknown
   * key — or the nearest enclosing value that is there (a missing key's mapping).
   */
  offsetAt(path: Path, atKey = false): number {
    let node = this.root;
    let offset = node?.range?.[0] ?? 0;
    for (const [i, step] of path.entries()) {
      let next: Node | null = null;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        next = this.resolve(pair.value as Node | null);
        if (!next || (atKey && i === path.length - 1)) {
          offset = (pair.key as Node).range?.[0] ?? offset;
          break;
        }
      } else if (isSeq(node) && typeof step === 'number') {
        next = this.resolve(node.items[step] as Node | null);
      }
      if (!next) break;
      offset = next.range?.[0] ?? offset;
      node = next;
    }
    return offset;
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

  /** warnInside records a warning at one character of a string scalar. */
  warnInside(node: Scalar, index: number, message: string): void {
    this.warnings.push(`${this.where(scalarOffset(this.text, node, index))}: warning: ${message}`);
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
      else this.report(keyNode, `unknown key "${key}" in ${what}${knownKeys(key, allowed)}`);
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

function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value ?? undefined;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutEmpty(v)]])));
}
