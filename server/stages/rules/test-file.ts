// parseRuleTestFile reads a rule unit test file, modelled on `promtool test rules`:
//
//   ruleFiles: [../default.yaml]            # relative to this file (or absolute)
//   tests:
//     - name: voice queue climbs to orange
//       scope: queue:hangzhou/voice         # one scope id, no globs
//       series:                             # figures from `at` on; each point changes only what it names
//         - { at: 0s, waiting: 2, serviceLevel: 92% }
//         - { at: 1m, serviceLevel: 75% }
//         - { at: 5m, serviceLevel: null }  # null: not measured
//       expect:                             # the scope's level (max over its rules) at `at`
//         - { at: 2m59s, level: normal }
//         - { at: 3m, level: yellow }
//
// Figures a test never names are 0 for counts and null for everything else (syntheticMetrics).
import { dirname, isAbsolute, join } from 'node:path';
import { isScalar, type Node } from 'yaml';
import { literalProblem } from './condition.js';
import type { MetricValues } from './evaluate.js';
import { LEVELS, type Level } from './levels.js';
import { METRICS } from './metric-names.js';
import { parseQuantity, readDuration } from './quantity.js';
import { isConcreteScope } from './scope-pattern.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import { YamlSource, type Entry } from '../../platform/yaml/source.js';

/** SeriesPoint sets some figures from `at` (ms from the start of the test) on. */
export interface SeriesPoint {
  at: number;
  values: MetricValues;
}

/** Expectation is the level the scope should stand at, `at` ms from the start; `where` is its file:line:col. */
export interface Expectation {
  at: number;
  level: Level;
  where: string;
}

/** RuleTestCase is one named test over one scope. */
export interface RuleTestCase {
  name: string;
  where: string;
  scope: string;
  series: SeriesPoint[];
  expect: Expectation[];
}

/** RuleTestFile is a test file: the rule files it loads and its tests. */
export interface RuleTestFile {
  file: string;
  ruleFiles: string[];
  tests: RuleTestCase[];
}

/** LoadedRuleTests is a test file, or every problem in it as `file:line:col: message`. */
export type LoadedRuleTests = { ok: true; suite: RuleTestFile } | { ok: false; errors: string[] };

const POINT_KEYS = ['at', ...METRICS.keys()];

/** parseRuleTestFile checks one test file's text; rule file paths come back joined to the test file's folder. */
export function parseRuleTestFile(text: string, file: string): LoadedRuleTests {
  const src = new YamlSource(file, text);
  if (src.errors.length > 0) return { ok: false, errors: src.errors };
  if (src.root === null) return { ok: false, errors: [`${file}:1:1: empty test file: expected "ruleFiles:" and "tests:"`] };
  const top = src.mapping(src.root, 'a rule test file', ['ruleFiles', 'tests']);
  if (!top) return { ok: false, errors: src.errors };
  const filesEntry = src.required(src.root, top, 'ruleFiles');
  const ruleFiles = (filesEntry ? (src.list(filesEntry, 'ruleFiles') ?? []) : []).flatMap((n) => {
    const path = src.string(n, 'a rule file');
    return path ? [isAbsolute(path.value) ? path.value : join(dirname(file), path.value)] : [];
  });
  const testsEntry = src.required(src.root, top, 'tests');
  const tests = (testsEntry ? (src.list(testsEntry, 'tests') ?? []) : []).flatMap((n) => readTest(src, n) ?? []);
  return src.errors.length > 0 ? { ok: false, errors: src.errors } : { ok: true, suite: { file, ruleFiles, tests } };
}

function readTest(src: YamlSource, node: Node): RuleTestCase | null {
  const entries = src.mapping(node, 'a test', ['name', 'scope', 'series', 'expect']);
  if (!entries) return null;
  const nameEntry = src.required(node, entries, 'name');
  const name = nameEntry && src.string(nameEntry, 'name')?.value;
  const scopeEntry = src.required(node, entries, 'scope');
  const scope = scopeEntry && src.string(scopeEntry, 'scope')?.value;
  if (scopeEntry && scope && !isConcreteScope(scope)) src.report(scopeEntry, `"${scope}" is not a scope id (e.g. queue:hangzhou/voice; no globs)`);
  const series = listOf(src, node, entries, 'series', readPoint);
  const expect = listOf(src, node, entries, 'expect', readExpectation);
  for (const [i, point] of series.entries()) {
    const before = series[i - 1];
    if (before && point.at <= before.at) src.report(node, `series times must increase (${point.at / 1000}s follows ${before.at / 1000}s)`);
  }
  return name && scope ? { name, where: src.whereIs(node), scope, series, expect } : null;
}

function listOf<T>(src: YamlSource, node: Node, entries: Entry[], key: string, read: (src: YamlSource, item: Node) => T | null): T[] {
  const entry = src.required(node, entries, key);
  return (entry ? (src.list(entry, key) ?? []) : []).flatMap((item) => read(src, item) ?? []);
}

function readPoint(src: YamlSource, node: Node): SeriesPoint | null {
  const entries = src.mapping(node, 'a series point', POINT_KEYS);
  if (!entries) return null;
  const at = readAt(src, node, entries);
  const values: MetricValues = {};
  for (const entry of entries) {
    const def = METRICS.get(entry.key);
    if (!def) continue;
    const raw = isScalar(entry.value) ? entry.value.value : undefined;
    if (raw === null) {
      values[def.name] = null;
      continue;
    }
    const q = typeof raw === 'number' ? { value: raw, unit: 'number' as const } : typeof raw === 'string' ? parseQuantity(raw) : null;
    if (q === null) {
      src.report(entry, `${def.name} must be a number, a percentage, a duration or null`);
      continue;
    }
    const problem = literalProblem(def, { ...q, text: String(raw) });
    if (problem) src.report(entry, problem);
    else values[def.name] = q.value;
  }
  return at === null ? null : { at, values };
}

function readExpectation(src: YamlSource, node: Node): Expectation | null {
  const entries = src.mapping(node, 'an expectation', ['at', 'level']);
  if (!entries) return null;
  const at = readAt(src, node, entries);
  const levelEntry = src.required(node, entries, 'level');
  const text = levelEntry && src.string(levelEntry, 'level')?.value;
  const level = LEVELS.find((l) => l === text);
  if (levelEntry && text !== undefined && !level) src.report(levelEntry, `unknown level "${text}"${didYouMean(text, LEVELS)} (levels: ${LEVELS.join(', ')})`);
  return at === null || level === undefined ? null : { at, level, where: src.whereIs(node) };
}

function readAt(src: YamlSource, node: Node, entries: Entry[]): number | null {
  const entry = src.required(node, entries, 'at');
  const seconds = entry ? readDuration(src, entry, 'at') : null;
  return seconds === null ? null : seconds * 1000;
}
