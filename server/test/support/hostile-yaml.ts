/**
 * Hostile YAML for the property tests of the config, rule and plan file readers: random text,
 * real files with random edits, YAML's odd corners (anchors and alias bombs, tags, documents,
 * duplicate keys) and well-formed files full of wrong values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ListFiles } from '../../platform/yaml/list-file.js';

/** Pieces that mean something to YAML or to our readers, to splice into a file. */
const PIECES = [
  ':', ': ', '- ', '-', '\n', '\n  ', '\n    - ', '  ', '\t', '{', '}', '[', ']', ',', '"', "'", '#', '|', '>', '&a ', '*a', '*b', '!!binary ', '!!str ', '!!int ', '!!map', '!custom ', '? ', '<<: *a', '---\n', '...\n', '%YAML 1.1\n', '@', '`',
  'null', '~', 'true', 'yes', '0x1F', '1e309', '-.inf', '.nan', '2026-11-23', '__proto__', 'constructor', 'prototype',
  'when: ', 'for: ', 'scope: ', 'name: ', 'level: ', 'actions: ', 'rules:', 'plans:', 'clear: ',
  ' and ', ' or ', 'not ', '(', ')', ' < ', ' >= ', ' == ', '80%', '5m', '90s', '1h30m', '-5m', '0s', 'waiting', 'serviceLevel.5m', 'agents.home.available',
];

const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) });

/** edited applies a few random cuts, insertions and replacements to a seed text. */
export function edited(seeds: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(40), piece);
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([seed, edits]) =>
    edits.reduce((text, [kind, where, length, insert]) => {
      const at = Math.floor(where * text.length);
      const cut = kind === 'insert' ? 0 : length;
      return text.slice(0, at) + (kind === 'delete' ? '' : insert) + text.slice(at + cut);
    }, seed),
  );
}

/** A condition from the language's own words, shuffled, nested, or far too long. */
export const condition: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.constantFrom('waiting', 'serviceLevel', 'serviceLevel.5m', 'abandonRate.today', 'agents.available', 'nosuch', 'agents', '.', 'and', 'or', 'not', '(', ')', '<', '<=', '==', '!=', '=', '&&', '!', '80%', '5m', '10', '-1', '1e309', '0.5.5', '5x', '"', '∞'), { maxLength: 20 })
      .map((words) => words.join(' ')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  // Deep enough to exhaust a recursive reader's stack.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => `${'('.repeat(n)}waiting > 1${')'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => `${'not '.repeat(n)}waiting > 1`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 15_000 }).map((n) => Array(n).fill('waiting > 1').join(' and ')) },
);

/** A value of any YAML type, wrong where a string or a duration is expected. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('2m', '0s', '-1m', '99999999h', '1.5m', 'm', 'yellow', 'red', 'all', 'queue:*/voice', 'centre:*', 'media:*/*', 'queue:hangzhou', '__proto__', ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('when', 'for', 'x', '__proto__'), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** YAML documents that stress the parser itself rather than our readers. */
export const yamlOddities: fc.Arbitrary<string> = fc.oneof(
  // A "billion laughs" of aliases: tiny text, enormous if anything expanded it.
  fc.integer({ min: 2, max: 12 }).map((levels) => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    return `${lines.join('\n')}\nrules: *a${levels - 1}\nplans: *a${levels - 1}\n`;
  }),
  fc.integer({ min: 1, max: 2000 }).map((n) => `rules:${'\n' + ' '.repeat(2)}${'- '.repeat(n)}x\n`),
  fc.integer({ min: 1, max: 2000 }).map((n) => `rules: ${'['.repeat(n)}${']'.repeat(n)}\n`),
  fc.constantFrom('rules:\n  - &r { name: a }\n  - *r\n  - *r\n', 'rules: !!binary aGVsbG8=\n', '--- \nrules: []\n--- \nrules: []\n', 'rules: [] \nrules: []\n', '%TAG ! tag:x,2000:\n---\nrules: []\n', '\uFEFFrules: []\n', 'rules:\n\t- name: tab\n'),
);

/**
 * hostileText mixes the four kinds of hostile file: edits of `seeds`, `structured` documents
 * full of wrong values (the first two by the weights given), YAML oddities and binary noise.
 */
export function hostileText(seeds: readonly string[], structured: fc.Arbitrary<string>, weights = { edited: 3, structured: 3 }): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: weights.edited, arbitrary: edited(seeds) },
    { weight: weights.structured, arbitrary: structured },
    { weight: 1, arbitrary: yamlOddities },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  );
}

/**
 * shippedListFiles returns the shipped `<key>:` files of `dir` whole, and each of their items on
 * its own as well: edits to a small file are cheaper and land closer.
 */
export function shippedListFiles(dir: string, key: string): string[] {
  const shipped = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8'));
  return [...shipped, ...shipped.flatMap((text) => text.split(/\n(?=  - name:)/).slice(1).map((item) => `${key}:\n${item}\n`))];
}

/**
 * itReadsHostileListFiles is the property of a list-file reader (rules, plans): on any `text`
 * read as `file`, `parse` returns its `key` items or problems, each `file:line:col: message`,
 * and never throws.
 */
export function itReadsHostileListFiles<K extends string>(
  key: K,
  file: string,
  text: fc.Arbitrary<string>,
  parse: (text: string, file: string) => ListFiles<K, unknown>,
  runs: number,
): void {
  const problem = new RegExp(`^${file.replaceAll('.', '\\.')}:\\d+:\\d+: \\S`);
  it(`returns ${key} or file:line:col problems, never throws (${runs} files)`, () => {
    fc.assert(
      fc.property(text, (t) => {
        const loaded = parse(t, file);
        if (loaded.ok) {
          expect(Array.isArray(loaded[key])).toBe(true);
        } else {
          expect(loaded.errors.length).toBeGreaterThan(0);
          expect(loaded.errors.filter((e) => !problem.test(e))).toEqual([]);
        }
      }),
      { numRuns: runs },
    );
  }, 30_000 + runs * 10);
}
