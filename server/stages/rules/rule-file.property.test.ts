/**
 * parseRuleFile on hostile text, property-based: whatever the file holds, it returns either
 * rules or problems, each `file:line:col: message` — it never throws (the hot reload runs it
 * on whatever an editor saved) and never takes long.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { anyValue, condition, edited, yamlOddities } from '../../test/support/hostile-yaml.js';
import { parseRuleFile } from './rule-file.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 10_000);
const FILE = 'rules/fuzz.yaml';
const PROBLEM = /^rules\/fuzz\.yaml:\d+:\d+: \S/;

const shipped = readdirSync('rules').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join('rules', f), 'utf8'));
// Each shipped rule on its own as well as whole files: edits to a small file are cheaper and land closer.
const seeds = [...shipped, ...shipped.flatMap((text) => text.split(/\n(?=  - name:)/).slice(1).map((rule) => `rules:\n${rule}\n`))];

const level = fc.oneof(fc.record({ when: condition, for: anyValue }, { requiredKeys: [] }), anyValue);
const rule = fc.record(
  { name: anyValue, scope: fc.oneof(anyValue, fc.array(anyValue, { maxLength: 3 })), type: anyValue, clear: anyValue, yellow: level, orange: level, red: level, black: level, extra: anyValue },
  { requiredKeys: [] },
);
const structured = fc.oneof(fc.record({ rules: fc.array(rule, { maxLength: 4 }) }), fc.record({ rules: anyValue }), anyValue).map((doc) => stringify(doc));

const ruleText = fc.oneof(
  { weight: 3, arbitrary: edited(seeds) },
  { weight: 3, arbitrary: structured },
  { weight: 1, arbitrary: yamlOddities },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
);

describe('parseRuleFile on hostile text', () => {
  it(`returns rules or file:line:col problems, never throws (${RUNS} files)`, () => {
    fc.assert(
      fc.property(ruleText, (text) => {
        const loaded = parseRuleFile(text, FILE);
        if (loaded.ok) {
          expect(Array.isArray(loaded.rules)).toBe(true);
        } else {
          expect(loaded.errors.length).toBeGreaterThan(0);
          expect(loaded.errors.filter((e) => !PROBLEM.test(e))).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  }, 30_000 + RUNS * 10);
});
