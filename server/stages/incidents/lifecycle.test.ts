import { describe, expect, it } from 'vitest';
import type { Level, Transition } from '../rules/index.js';
import { act, applyTransitions, centreOf, declare } from './lifecycle.js';
import type { Incident } from './types.js';

const t = (scope: string, from: Level, to: Level, at: number, rule = 'r', type: Transition['type'] = 'traffic_surge'): Transition => ({
  scope, rule, type, from, to, scopeFrom: from, scopeTo: to, at, cause: to === 'normal' ? 'clear' : 'rise', condition: 'waiting >= 3', values: { waiting: 3 },
});

function run(steps: { now: number; transitions: Transition[] }[], quietMs = 60_000) {
  let open: Incident[] = [];
  let n = 0;
  const all = new Map<string, Incident>();
  const timeline: string[] = [];
  for (const step of steps) {
    const changes = applyTransitions({ open, transitions: step.transitions, now: step.now, quietMs, newId: () => `INC-${++n}` });
    for (const i of changes.incidents) all.set(i.id, i);
    open = [...all.values()].filter((i) => i.state === 'open');
    timeline.push(...changes.timeline.map(({ id, entry }) => `${id} ${entry.kind} ${entry.scope ?? ''} ${entry.from ?? ''}→${entry.to ?? ''}`.replace(/ +/g, ' ').trim()));
  }
  return { incidents: [...all.values()], timeline };
}

describe('centreOf', () => {
  it.each([
    ['centre:hangzhou', 'hangzhou'],
    ['queue:wuhan/voice', 'wuhan'],
    ['media:shanghai/chat', 'shanghai'],
    ['media:voice', 'all'],
    ['skill:wuhan/billing', 'wuhan'],
    ['region:east', 'all'],
    ['all', 'all'],
  ])('%s belongs to %s', (scope, centre) => expect(centreOf(scope)).toBe(centre));
});

describe('applyTransitions', () => {
  it('opens one incident per centre and type, follows the highest scope, resolves after the quiet period', () => {
    const { incidents, timeline } = run([
      { now: 0, transitions: [t('queue:hangzhou/voice', 'normal', 'yellow', 0), t('centre:hangzhou', 'normal', 'yellow', 0, 'centre')] },
      { now: 10, transitions: [t('queue:hangzhou/voice', 'yellow', 'red', 10)] },
      { now: 20, transitions: [t('queue:hangzhou/voice', 'red', 'normal', 20)] },
      { now: 30, transitions: [t('centre:hangzhou', 'yellow', 'normal', 30, 'centre')] },
      { now: 60_029, transitions: [] },
      { now: 60_030, transitions: [] },
    ]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ id: 'INC-1', centre: 'hangzhou', state: 'resolved', level: 'normal', peakLevel: 'red', resolvedAt: 60_030 });
    expect(timeline).toEqual([
      'INC-1 opened queue:hangzhou/voice →yellow',
      'INC-1 scope queue:hangzhou/voice normal→yellow',
      'INC-1 scope centre:hangzhou normal→yellow',
      'INC-1 level normal→yellow',
      'INC-1 scope queue:hangzhou/voice yellow→red',
      'INC-1 level yellow→red',
      'INC-1 scope queue:hangzhou/voice red→normal',
      'INC-1 level red→yellow',
      'INC-1 scope centre:hangzhou yellow→normal',
      'INC-1 level yellow→normal',
      'INC-1 resolved →',
    ]);
  });

  it('keeps the incident open when the level rises again within the quiet period', () => {
    const { incidents } = run([
      { now: 0, transitions: [t('queue:wuhan/chat', 'normal', 'orange', 0)] },
      { now: 5, transitions: [t('queue:wuhan/chat', 'orange', 'normal', 5)] },
      { now: 50_000, transitions: [t('queue:wuhan/chat', 'normal', 'yellow', 50_000)] },
      { now: 200_000, transitions: [] },
    ]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ state: 'open', level: 'yellow', quietSince: null });
  });

  it('keeps centres and incident types apart', () => {
    const { incidents } = run([
      { now: 0, transitions: [t('queue:wuhan/voice', 'normal', 'yellow', 0), t('queue:hangzhou/voice', 'normal', 'red', 0), t('centre:wuhan', 'normal', 'orange', 0, 'ivr', 'equipment_failure'), t('media:voice', 'normal', 'yellow', 0)] },
    ]);
    expect(incidents.map((i) => `${i.centre}/${i.type}/${i.level}`).sort()).toEqual(['all/traffic_surge/yellow', 'hangzhou/traffic_surge/red', 'wuhan/equipment_failure/orange', 'wuhan/traffic_surge/yellow']);
  });

  it('jumps straight to black', () => {
    const { incidents } = run([{ now: 0, transitions: [t('queue:wuhan/voice', 'normal', 'black', 0)] }]);
    expect(incidents[0]).toMatchObject({ level: 'black', peakLevel: 'black' });
  });
});

describe('dispatcher actions', () => {
  const base = () => run([{ now: 0, transitions: [t('queue:wuhan/voice', 'normal', 'orange', 0)] }]).incidents[0]!;

  it('escalation holds the level above the rules until released', () => {
    const up = act(base(), 'escalate', 'dana', 'press is calling', 100);
    expect(up.incident).toMatchObject({ level: 'red', heldLevel: 'red', ruleLevel: 'orange' });
    expect(up.entries.map((e) => e.kind)).toEqual(['escalate', 'level']);
    // The rules clearing does not lower a held level…
    const cleared = applyTransitions({ open: [up.incident], transitions: [t('queue:wuhan/voice', 'orange', 'normal', 200)], now: 200, quietMs: 1000, newId: () => 'x' });
    expect(cleared.incidents[0]).toMatchObject({ level: 'red', ruleLevel: 'normal' });
    // …until the dispatcher releases it.
    const released = act(cleared.incidents[0]!, 'release', 'dana', 'handled', 300);
    expect(released.incident).toMatchObject({ level: 'normal', heldLevel: null, quietSince: 300 });
  });

  it('acknowledges and resolves with a reason, and refuses what makes no sense', () => {
    const acked = act(base(), 'ack', 'dana', 'on it', 100).incident;
    expect(acked.acknowledged).toEqual({ by: 'dana', at: 100, reason: 'on it' });
    expect(() => act(acked, 'release', 'dana', 'x', 101)).toThrow('holds no level to release');
    const resolved = act(acked, 'resolve', 'dana', 'fixed', 102).incident;
    expect(resolved).toMatchObject({ state: 'resolved', resolvedAt: 102 });
    expect(() => act(resolved, 'ack', 'dana', 'x', 103)).toThrow('already resolved');
  });

  it('declares an emergency at a held level', () => {
    const { incident, entries } = declare({ id: 'INC-9', type: 'fire', centre: 'wuhan', level: 'red', note: 'fire alarm, floor 3', by: 'dana', now: 5 });
    expect(incident).toMatchObject({ type: 'fire', level: 'red', heldLevel: 'red', declaredBy: 'dana', note: 'fire alarm, floor 3' });
    expect(incident.declaredPreview).toBeUndefined();
    const preview = { centres: [], notModelled: ['notify'] } as unknown as NonNullable<typeof incident.declaredPreview>;
    expect(declare({ id: 'INC-10', type: 'fire', centre: 'wuhan', level: 'red', note: 'n', by: 'dana', now: 5, preview }).incident.declaredPreview).toEqual(preview);
    expect(entries[0]).toMatchObject({ kind: 'declared', to: 'red', by: 'dana' });
    expect(() => declare({ id: 'x', type: 'fire', centre: 'wuhan', level: 'normal', note: '', by: 'd', now: 0 })).toThrow('above normal');
  });
});
