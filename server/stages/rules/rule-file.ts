// parseRuleFile reads one rule file. The format, with every key:
//
//   rules:
//     - name: voice-queue            # unique across the loaded files; a reload keeps the state of a name
//       scope: queue:*/voice         # a scope pattern (scope-pattern.ts) or a list of them
//       type: traffic_surge          # incident type opened by a rise; default traffic_surge
//       clear: 2m                    # hysteresis: conditions false this long before falling; default 60s
//       yellow: { when: serviceLevel < 80% or waiting >= 10, for: 2m }   # `for` defaults to 0s
//       orange: { when: serviceLevel < 70% or longestWaitSec > 2m, for: 2m }
//       red:    { when: serviceLevel.5m < 50%, for: 1m }
//       black:  { when: "agents.staffed == 0 and waiting > 0", for: 30s }
//
// Any subset of the four levels may be given. Conditions are described in parser.ts,
// metric-names.ts and evaluate.ts.
import { isSeq, type Node, type Scalar } from 'yaml';
import { compileCondition } from './condition.js';
import { ALERT_LEVELS, DEFAULT_INCIDENT_TYPE, INCIDENT_TYPES, type AlertLevel, type IncidentType } from './levels.js';
import { levelOrderWarnings } from './level-order.js';
import type { MetricDef } from './metric-names.js';
import { readDuration } from './quantity.js';
import { DEFAULT_CLEAR_SEC, type LevelSpec, type Rule } from './rule.js';
import { compileScopePattern, type ScopePattern } from './scope-pattern.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import { parseListFile, type ListFiles } from '../../platform/yaml/list-file.js';
import type { Entry, YamlSource } from '../../platform/yaml/source.js';

/** LoadedRules is every rule of some files, or every problem in them as `file:line:col: message`. */
export type LoadedRules = ListFiles<'rules', Rule>;

const RULE_KEYS = ['name', 'scope', 'type', 'clear', ...ALERT_LEVELS];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** parseRuleFile checks and compiles the rules of one file's text. */
export function parseRuleFile(text: string, file: string): LoadedRules {
  return parseListFile(text, file, 'rule', 'rules', readRule);
}

function readRule(src: YamlSource, node: Node): Rule | null {
  const entries = src.mapping(node, 'a rule', RULE_KEYS);
  if (!entries) return null;
  const entry = (key: string): Entry | undefined => entries.find((e) => e.key === key);
  const required = (key: string, hint: string): Entry | undefined => src.required(node, entries, key, `a rule needs ${hint}`);

  const nameEntry = required('name', 'a name');
  const name = nameEntry ? src.string(nameEntry, 'name')?.value : undefined;
  if (nameEntry && name !== undefined && !NAME.test(name)) src.report(nameEntry, `rule name "${name}" must be letters, digits, -, _ or . (at most 64)`);
  const scopeEntry = required('scope', 'a scope (e.g. centre:* or queue:*/voice)');
  const scopes = scopeEntry ? readScopes(src, scopeEntry) : [];
  const typeEntry = entry('type');
  const type = typeEntry ? readType(src, typeEntry) : DEFAULT_INCIDENT_TYPE;
  const clearEntry = entry('clear');
  const clearSec = clearEntry ? readDuration(src, clearEntry, 'clear') : DEFAULT_CLEAR_SEC;

  const levels: Rule['levels'] = {};
  const conditionNodes = new Map<AlertLevel, Scalar>();
  const metrics = new Map<string, MetricDef>();
  for (const level of ALERT_LEVELS) {
    const levelEntry = entry(level);
    const read = levelEntry ? readLevel(src, levelEntry) : null;
    if (!read) continue;
    levels[level] = read.spec;
    conditionNodes.set(level, read.node);
    for (const def of read.spec.when.metrics) metrics.set(def.name, def);
  }
  for (const w of levelOrderWarnings(levels)) src.warnInside(conditionNodes.get(w.level)!, w.offset, w.message);
  if (!ALERT_LEVELS.some((l) => entry(l))) src.report(node, `a rule needs at least one level: ${ALERT_LEVELS.join(', ')}`);
  if (name === undefined || scopes.length === 0 || type === null || clearSec === null) return null;
  return { name, scopes, type, levels, clearSec, origin: src.whereIs(node), metrics: [...metrics.values()] };
}

function readScopes(src: YamlSource, entry: Entry): ScopePattern[] {
  const value = src.valueOf(entry);
  const nodes = isSeq(value) ? (src.list(entry, 'scope') ?? []) : [value ?? entry.keyNode];
  return nodes.flatMap((node) => {
    const text = src.string(node, 'scope');
    if (!text) return [];
    const pattern = compileScopePattern(text.value);
    if (typeof pattern === 'string') src.report(node, pattern);
    return typeof pattern === 'string' ? [] : [pattern];
  });
}

function readType(src: YamlSource, entry: Entry): IncidentType | null {
  const text = src.string(entry, 'type')?.value;
  if (text === undefined) return null;
  if ((INCIDENT_TYPES as readonly string[]).includes(text)) return text as IncidentType;
  src.report(entry, `unknown incident type "${text}"${didYouMean(text, INCIDENT_TYPES)} (types: ${INCIDENT_TYPES.join(', ')})`);
  return null;
}

function readLevel(src: YamlSource, entry: Entry): { spec: LevelSpec; node: Scalar } | null {
  const entries = src.mapping(entry, `level ${entry.key}`, ['when', 'for']);
  if (!entries) return null;
  const whenEntry = entries.find((e) => e.key === 'when');
  const forEntry = entries.find((e) => e.key === 'for');
  if (!whenEntry) src.report(entry, `level ${entry.key} needs a condition: { when: <condition>, for: <duration> }`);
  const forSec = forEntry ? readDuration(src, forEntry, `${entry.key}.for`) : 0;
  const text = whenEntry ? src.string(whenEntry, `${entry.key}.when`) : null;
  if (!text) return null;
  const compiled = compileCondition(text.value);
  if (!compiled.ok) {
    for (const err of compiled.errors) src.reportInside(text, err.offset, err.message);
    return null;
  }
  return forSec === null ? null : { spec: { when: compiled.condition, forSec }, node: text };
}
