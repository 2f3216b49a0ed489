/**
 * `surge replay --at t` is the replay of the file cut at t: the same figures, transitions,
 * incidents and plan jobs, whatever the events after t (out of order, duplicates of earlier ids).
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { parseRuleFile } from '../stages/rules/index.js';
import { replayReport } from './replay-report.js';

const config = loadConfig(fileURLToPath(new URL('../test/fixtures/small-config.yaml', import.meta.url)), {});
const parsed = parseRuleFile('rules:\n  - name: busy\n    scope: queue:*/voice\n    clear: 5s\n    yellow: { when: waiting >= 2, for: 3s }\n    red: { when: waiting >= 4, for: 2s }\n', 'busy.yaml');
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const rules = { rules: parsed.rules, plans: [] };
const T0 = Date.parse('2026-11-23T10:00:00Z');
const SPAN_MS = 120_000;

/** One event line: a call queued, answered or abandoned, or an agent's state, at an offset from T0. */
const event = fc
  .record({
    id: fc.integer({ min: 0, max: 40 }),
    at: fc.integer({ min: 0, max: SPAN_MS }),
    contact: fc.integer({ min: 0, max: 8 }),
    kind: fc.constantFrom('queued', 'answered', 'abandoned', 'agent'),
    state: fc.constantFrom('available', 'on_contact', 'aux'),
  })
  .map(({ id, at, contact, kind, state }) => {
    const base = { id: `e${id}`, ts: T0 + at, centre: 'c1' };
    if (kind === 'agent') return { ...base, ts: T0 + at, type: 'agent.state', agentId: `a${contact % 3}`, state, seatType: 'onsite', skills: ['voice'] };
    const contactFields = { contactId: `k${contact}`, queue: 'voice' };
    if (kind === 'queued') return { ...base, type: 'contact.queued', ...contactFields, media: 'voice' };
    if (kind === 'answered') return { ...base, type: 'contact.answered', ...contactFields, agentId: `a${contact % 3}` };
    return { ...base, type: 'contact.abandoned', ...contactFields };
  });

describe('surge replay --at', () => {
  it('equals the replay of the file cut at that time', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 30 }), fc.integer({ min: -1000, max: SPAN_MS + 1000 }), (events, offset) => {
        const at = T0 + offset;
        const ndjson = (list: typeof events) => list.map((e) => JSON.stringify(e)).join('\n');
        const whole = replayReport(ndjson(events), config, { at, rules });
        const cut = replayReport(ndjson(events.filter((e) => e.ts <= at)), config, { at, rules });
        expect(whole.report).toEqual(cut.report);
        expect(whole.later).toBe(events.filter((e) => e.ts > at).length);
      }),
      { numRuns: 150 },
    );
  });
});
