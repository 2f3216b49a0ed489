/**
 * parsePlanFile on hostile text, property-based: whatever the file holds, it returns either
 * plans or problems, each `file:line:col: message`, checked against the demo config — it
 * never throws.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { stringify } from 'yaml';
import { anyValue, hostileText, itReadsHostileListFiles, shippedListFiles } from '../../test/support/hostile-yaml.js';
import { parsePlanFile } from './plan-file.js';
import { demoConfig } from './testing.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 10_000);
const config = demoConfig();

const fields = fc.dictionary(fc.constantFrom('group', 'template', 'seatType', 'count', 'max', 'queue', 'media', 'share', 'expiresAfter', 'text', 'confirm', '__proto__', 'x'), anyValue, { maxKeys: 5 });
const action = fc.oneof(fc.dictionary(fc.constantFrom('notify', 'activateSeats', 'reroute', 'banner', 'bannr', '__proto__'), fc.oneof(fields, anyValue), { maxKeys: 2 }), anyValue);
const plan = fc.record(
  { name: anyValue, level: anyValue, type: anyValue, centres: fc.oneof(anyValue, fc.array(anyValue, { maxLength: 3 })), undo: anyValue, actions: fc.oneof(fc.array(action, { maxLength: 5 }), anyValue) },
  { requiredKeys: [] },
);
const structured = fc.oneof(fc.record({ plans: fc.array(plan, { maxLength: 4 }) }), fc.record({ plans: anyValue }), anyValue).map((doc) => stringify(doc));

describe('parsePlanFile on hostile text', () => {
  itReadsHostileListFiles('plans', 'alerts/plans/fuzz.yaml', hostileText(shippedListFiles('alerts/plans', 'plans'), structured), (text, file) => parsePlanFile(text, file, config), RUNS);
});
