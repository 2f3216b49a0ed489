/**
 * parsePlanFile on hostile text, property-based: whatever the file holds, it returns either
 * plans or problems, each `file:line:col: message`, checked against the demo config — it
 * never throws.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { anyValue, edited, yamlOddities } from '../../test/support/hostile-yaml.js';
import { parsePlanFile } from './plan-file.js';
import { demoConfig } from './testing.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 10_000);
const FILE = 'alerts/plans/fuzz.yaml';
const PROBLEM = /^alerts\/plans\/fuzz\.yaml:\d+:\d+: \S/;
const config = demoConfig();

const shipped = readdirSync('alerts/plans').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join('alerts/plans', f), 'utf8'));
const seeds = [...shipped, ...shipped.flatMap((text) => text.split(/\n(?=  - name:)/).slice(1).map((plan) => `plans:\n${plan}\n`))];

const fields = fc.dictionary(fc.constantFrom('group', 'template', 'seatType', 'count', 'max', 'queue', 'media', 'share', 'expiresAfter', 'text', 'confirm', '__proto__', 'x'), anyValue, { maxKeys: 5 });
const action = fc.oneof(fc.dictionary(fc.constantFrom('notify', 'activateSeats', 'reroute', 'banner', 'bannr', '__proto__'), fc.oneof(fields, anyValue), { maxKeys: 2 }), anyValue);
const plan = fc.record(
  { name: anyValue, level: anyValue, type: anyValue, centres: fc.oneof(anyValue, fc.array(anyValue, { maxLength: 3 })), undo: anyValue, actions: fc.oneof(fc.array(action, { maxLength: 5 }), anyValue) },
  { requiredKeys: [] },
);
const structured = fc.oneof(fc.record({ plans: fc.array(plan, { maxLength: 4 }) }), fc.record({ plans: anyValue }), anyValue).map((doc) => stringify(doc));

const planText = fc.oneof(
  { weight: 3, arbitrary: edited(seeds) },
  { weight: 3, arbitrary: structured },
  { weight: 1, arbitrary: yamlOddities },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
);

describe('parsePlanFile on hostile text', () => {
  it(`returns plans or file:line:col problems, never throws (${RUNS} files)`, () => {
    fc.assert(
      fc.property(planText, (text) => {
        const loaded = parsePlanFile(text, FILE, config);
        if (loaded.ok) {
          expect(Array.isArray(loaded.plans)).toBe(true);
        } else {
          expect(loaded.errors.length).toBeGreaterThan(0);
          expect(loaded.errors.filter((e) => !PROBLEM.test(e))).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  }, 30_000 + RUNS * 10);
});
