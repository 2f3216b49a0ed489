/**
 * List files: rule files and plan files are each one top-level key (`rules:`, `plans:`)
 * holding a list of items with names unique across every file of the set. These read one
 * such file, read a set of them from disk, and merge the set, reporting every problem as
 * `file:line:col: message`; rules/ and plans/ supply how one item is read.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, type Node } from 'yaml';
import { YamlSource } from './source.js';

/**
 * ListFiles is every item of some files under `key`, or every problem in them; a file with
 * problems still lists the names its items have, so a name used twice is reported in the same pass.
 * `warnings` (`file:line:col: warning: …`, absent when none) are allowed but likely mistakes.
 */
export type ListFiles<K extends string, T> = ({ ok: true; warnings?: string[] } & { [key in K]: T[] }) | { ok: false; errors: string[]; names?: Named[]; warnings?: string[] };

/** What a merge needs of an item: its name and where it was written (`file:line:col`). */
export interface Named {
  name: string;
  origin: string;
}

/**
 * parseListFile reads the `<kind>s:` list of one file's text, each item with `readItem`.
 * Values read after a problem are stand-ins, so nothing is returned unless the whole file is right.
 */
export function parseListFile<K extends string, T>(
  text: string,
  file: string,
  kind: string,
  key: K,
  readItem: (src: YamlSource, node: Node) => T | null,
): ListFiles<K, T> {
  const src = new YamlSource(file, text);
  // After a YAML syntax error the structure is guesswork: report that alone.
  if (src.errors.length > 0) return { ok: false, errors: src.errors };
  if (src.root === null) return { ok: false, errors: [`${file}:1:1: empty ${kind} file: expected "${key}:" and a list of ${key}`] };
  const top = src.mapping(src.root, `a ${kind} file`, [key]);
  const list = top?.find((e) => e.key === key);
  if (top && !list) src.report(src.root, `a ${kind} file needs "${key}:" and a list of ${key}`);
  const nodes = list ? (src.list(list, key) ?? []) : [];
  const items = nodes.flatMap((node) => readItem(src, node) ?? []);
  const result: ListFiles<K, T> = src.errors.length > 0 ? { ok: false, errors: src.errors, names: namesOf(src, nodes) } : listOf(key, items);
  return withWarnings(result, src.warnings);
}

/** namesOf lists the items that have a name (text), with where each was written, as their readers record it. */
function namesOf(src: YamlSource, nodes: Node[]): Named[] {
  return nodes.flatMap((node) => {
    const name = isMap(node) ? node.get('name', true) : undefined;
    return isScalar(name) && typeof name.value === 'string' ? [{ name: name.value, origin: src.whereIs(node) }] : [];
  });
}

/** readListFiles reads every file from disk and parses it; a file that cannot be read is that file's error. */
export function readListFiles<R>(files: readonly string[], parse: (text: string, file: string) => R): (R | { ok: false; errors: string[] })[] {
  return files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return { ok: false, errors: [`${file}: cannot read: ${(err as Error).message}`] };
    }
    return parse(text, file);
  });
}

/** mergeListFiles joins parsed files into one set; a `kind` name may appear only once across them. */
export function mergeListFiles<K extends string, T extends Named>(kind: string, key: K, files: readonly ListFiles<K, T>[]): ListFiles<K, T> {
  const errors = files.flatMap((f) => (f.ok ? [] : f.errors));
  const items = files.flatMap((f) => (f.ok ? (f as { [key in K]: T[] })[key] : []));
  const first = new Map<string, Named>();
  for (const item of files.flatMap((f): Named[] => (f.ok ? (f as { [key in K]: T[] })[key] : (f.names ?? [])))) {
    const earlier = first.get(item.name);
    if (earlier) errors.push(`${item.origin}: ${kind} name "${item.name}" is already used at ${earlier.origin}`);
    else first.set(item.name, item);
  }
  return withWarnings(errors.length > 0 ? { ok: false, errors } : listOf(key, items), files.flatMap((f) => f.warnings ?? []));
}

function withWarnings<R extends { warnings?: string[] }>(result: R, warnings: string[]): R {
  return warnings.length > 0 ? { ...result, warnings } : result;
}

function listOf<K extends string, T>(key: K, items: T[]): ListFiles<K, T> {
  return { ok: true, [key]: items } as ListFiles<K, T>;
}
