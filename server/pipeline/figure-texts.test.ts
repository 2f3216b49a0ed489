/**
 * Only changed scopes are committed, and the read model (the hash the commits leave) still equals the
 * figures of a full recomputation, each with the asOf of the step that last changed it. The committed
 * figures are kept as objects: no later step may reach them.
 */
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import type { MetricsByScope, ScopeMetrics } from '../stages/metrics/types.js';
import { demoConfig } from '../stages/plans/testing.js';
import { changedFigures } from './figure-texts.js';
import { initialState } from './state.js';
import { step } from './step.js';

const scope = (name: string, asOf: number, waiting: number, skill?: string) =>
  ({ scope: name, kind: 'queue', ...(skill ? { skill } : {}), asOf, waiting, forecast: { asOf: 0 } }) as unknown as ScopeMetrics;

describe('changedFigures', () => {
  it('leaves out unchanged scopes; the read model equals a full recomputation', () => {
    const committed = new Map<string, ScopeMetrics>();
    const readModel = new Map<string, string>();
    const commit = (figures: MetricsByScope) => {
      const changed = changedFigures(committed, figures);
      for (const [s, metrics] of changed.compared) committed.set(s, metrics);
      for (const [s, text] of Object.entries(changed.texts)) readModel.set(s, text);
      return Object.keys(changed.texts);
    };
    const first = { a: scope('a', 1000, 1), b: scope('b', 1000, 2, 'x"asOf":0') };
    expect(commit(first)).toEqual(['a', 'b']);
    const second = { a: scope('a', 2000, 1), b: scope('b', 2000, 3, 'x"asOf":0') };
    expect(commit(second)).toEqual(['b']);
    expect(commit({ a: scope('a', 3000, 1), b: scope('b', 3000, 3, 'x"asOf":0') })).toEqual([]);
    // Every scope as a full recomputation gives it, with the asOf of its last change.
    expect(JSON.parse(readModel.get('a')!)).toEqual(first.a);
    expect(JSON.parse(readModel.get('b')!)).toEqual(second.b);
    expect(readModel.get('b')).toBe(JSON.stringify(second.b));
  });

  it('keeps figures no later step reaches: each step figures every scope in new objects', () => {
    const config = demoConfig();
    const state = initialState(config, 't1');
    const t0 = Date.UTC(2031, 0, 2, 9, 0, 0);
    const queued = (n: number, ts: number): CanonicalEvent[] =>
      Array.from({ length: n }, (_, i) => ({ id: `e${ts}-${i}`, type: 'contact.queued', ts, centre: 'hangzhou', contactId: `k${ts}-${i}`, queue: 'voice', media: 'voice' }));
    const ctx = { config, rules: [], plans: [] };
    const objectsOf = (value: unknown, into = new Set<object>()): Set<object> => {
      if (typeof value === 'object' && value !== null && !into.has(value)) {
        into.add(value);
        for (const v of Object.values(value)) objectsOf(v, into);
      }
      return into;
    };
    const earlier = objectsOf(step(state, { events: queued(3, t0), commands: [], now: t0 }, ctx).figures);
    // The same figures again (nothing moved) and new ones: neither shares an object with those kept.
    for (const now of [t0, t0 + 61_000]) {
      const later = step(state, { events: now === t0 ? [] : queued(1, now), commands: [], now }, ctx).figures;
      expect(later['queue:hangzhou/voice']!.forecast).toBeDefined();
      expect([...objectsOf(later)].filter((o) => earlier.has(o))).toEqual([]);
    }
  });
});
