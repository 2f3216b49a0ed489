import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { demoConfig } from '../stages/plans/testing.js';
import { parseRuleFile } from '../stages/rules/index.js';
import { replay } from './replay.js';

const config = demoConfig();
const T0 = Date.UTC(2031, 0, 2, 9, 0, 0);
const rules = parseRuleFile('rules:\n  - name: busy\n    scope: queue:hangzhou/voice\n    clear: 2s\n    yellow: { when: waiting >= 2, for: 2s }\n', 'replay-rules.yaml');
if (!rules.ok) throw new Error(rules.errors.join('\n'));
const ctx = { config, rules: rules.rules, plans: [] };

const event = (id: string, type: 'contact.queued' | 'contact.abandoned', ts: number): CanonicalEvent =>
  type === 'contact.queued' ? { id, type, ts, centre: 'hangzhou', contactId: id, queue: 'voice', media: 'voice' } : { id: `${id}-x`, type, ts, centre: 'hangzhou', contactId: id, queue: 'voice' };
const at = (ms: number) => new Date(ms).toISOString().slice(11, 23);

describe('replay', () => {
  it('runs `for` and `clear` on whole-second steps between the event groups, as live', () => {
    const events = [event('k1', 'contact.queued', T0 + 500), event('k2', 'contact.queued', T0 + 500), event('k1', 'contact.abandoned', T0 + 5_250)];
    const r = replay(events, ctx, T0 + 60_000);
    // Two waiting from 09:00:00.500: yellow on the first step 2 s later; below 2 from 09:00:05.250, clear 2 s later.
    expect(r.transitions.map((t) => `${at(t.at)} ${t.from}→${t.to}`)).toEqual(['09:00:03.000 normal→yellow', '09:00:08.000 yellow→normal']);
    expect(r.incidents.map((i) => `${i.id} ${at(i.openedAt)} ${i.state}`)).toEqual(['INC-20310102-replay-0001 09:00:03.000 open']);
  });

  it('stops at `until`: later events are not applied and the clock goes no further', () => {
    const events = [event('k1', 'contact.queued', T0), event('k2', 'contact.queued', T0 + 10_000)];
    expect(replay(events, ctx, T0 + 11_999).transitions).toEqual([]);
    expect(replay(events, ctx, T0 + 12_000).transitions.map((t) => at(t.at))).toEqual(['09:00:12.000']);
  });

  it('applies an event older than the last step late, never running the clock back', () => {
    const events = [event('k1', 'contact.queued', T0 + 3_000), event('k2', 'contact.queued', T0), event('k3', 'contact.queued', T0 + 3_000)];
    const r = replay(events, ctx, T0 + 10_000);
    expect(r.transitions.map((t) => `${at(t.at)} ${t.to}`)).toEqual(['09:00:05.000 yellow']);
  });
});
