import { describe, expect, it } from 'vitest';
import type { Step } from '../src/lib/api/types.js';
import { awaitsDecision, decisionName, decisionPath, kindName, planOrder, recentOrder, stepLevel, stepTone } from '../src/lib/plans.js';

function step(over: Partial<Step> = {}): Step {
  return { key: 'INC-1:yellow:p:0', incidentId: 'INC-1', level: 'yellow', plan: 'p', index: 0, kind: 'banner', state: 'done', detail: '', updatedAt: 1, ...over };
}

describe('plan steps', () => {
  it.each([
    ['notify', 'SMS alert'],
    ['activateSeats', 'Standby seats'],
    ['reroute', 'Re-routing'],
    ['banner', 'Wallboard banner'],
    ['teleport', 'teleport'],
  ])('kindName(%s) = %s', (kind, name) => expect(kindName(kind)).toBe(name));

  it.each([
    ['awaiting confirmation', 'warn', true],
    ['awaiting undo confirmation', 'warn', true],
    ['queued', 'plain', false],
    ['done', 'good', false],
    ['failed', 'bad', false],
    ['skipped', 'muted', false],
    ['cancelled', 'muted', false],
    ['undone', 'muted', false],
    ['mystery', 'plain', false],
  ] as const)('%s: tone %s, awaits a decision %s', (state, tone, waits) => {
    expect(stepTone(state)).toBe(tone);
    expect(awaitsDecision({ state: state as Step['state'] })).toBe(waits);
  });

  it.each([
    ['awaiting confirmation', 'approve', 'Approve'],
    ['awaiting confirmation', 'cancel', 'Cancel step'],
    ['awaiting undo confirmation', 'approve', 'Approve undo'],
    ['awaiting undo confirmation', 'cancel', 'Keep in force'],
  ] as const)('%s, %s → %s', (state, decision, name) => expect(decisionName({ state }, decision)).toBe(name));

  it('encodes the key (it holds colons) in the decision path', () => {
    expect(decisionPath('INC-20261123-0001:yellow:surge yellow:3', 'approve')).toBe('/v1/plan-steps/INC-20261123-0001%3Ayellow%3Asurge%20yellow%3A3/approve');
  });

  it('stepLevel knows the levels only', () => {
    expect([stepLevel({ level: 'red' }), stepLevel({ level: 'mauve' })]).toEqual(['red', null]);
  });

  it('planOrder: by level, then plan, then action index', () => {
    const steps = [
      step({ key: 'a', level: 'orange', plan: 'b', index: 0 }),
      step({ key: 'b', level: 'yellow', plan: 'b', index: 1 }),
      step({ key: 'c', level: 'yellow', plan: 'a', index: 2 }),
      step({ key: 'd', level: 'yellow', plan: 'b', index: 0 }),
    ];
    expect(planOrder(steps).map((s) => s.key)).toEqual(['c', 'd', 'b', 'a']);
  });

  it('recentOrder: waiting for a decision first, then newest, at most the limit', () => {
    const steps = [
      step({ key: 'old-waiting', state: 'awaiting confirmation', updatedAt: 1 }),
      step({ key: 'new', updatedAt: 9 }),
      step({ key: 'mid', updatedAt: 5 }),
      step({ key: 'undo-waiting', state: 'awaiting undo confirmation', updatedAt: 3 }),
    ];
    expect(recentOrder(steps, 3).map((s) => s.key)).toEqual(['undo-waiting', 'old-waiting', 'new']);
  });
});
