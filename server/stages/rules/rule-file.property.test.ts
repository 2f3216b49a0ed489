/**
 * parseRuleFile on hostile text, property-based: whatever the file holds, it returns either
 * rules or problems, each `file:line:col: message` — it never throws (the hot reload runs it
 * on whatever an editor saved) and never takes long.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { stringify } from 'yaml';
import { anyValue, condition, hostileText, itReadsHostileListFiles, shippedListFiles } from '../../test/support/hostile-yaml.js';
import { parseRuleFile } from './rule-file.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 10_000);

const level = fc.oneof(fc.record({ when: condition, for: anyValue }, { requiredKeys: [] }), anyValue);
const rule = fc.record(
  { name: anyValue, scope: fc.oneof(anyValue, fc.array(anyValue, { maxLength: 3 })), type: anyValue, clear: anyValue, yellow: level, orange: level, red: level, black: level, extra: anyValue },
  { requiredKeys: [] },
);
const structured = fc.oneof(fc.record({ rules: fc.array(rule, { maxLength: 4 }) }), fc.record({ rules: anyValue }), anyValue).map((doc) => stringify(doc));

describe('parseRuleFile on hostile text', () => {
  itReadsHostileListFiles('rules', 'rules/fuzz.yaml', hostileText(shippedListFiles('rules', 'rules'), structured), parseRuleFile, RUNS);
});
