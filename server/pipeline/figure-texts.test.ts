/**
 * Only changed scopes are committed, and the read model (the hash the commits leave) still equals the
 * figures of a full recomputation, each with the asOf of the step that last changed it.
 */
import { describe, expect, it } from 'vitest';
import type { MetricsByScope, ScopeMetrics } from '../stages/metrics/types.js';
import { changedFigures } from './figure-texts.js';

const scope = (name: string, asOf: number, waiting: number, skill?: string) =>
  ({ scope: name, kind: 'queue', ...(skill ? { skill } : {}), asOf, waiting, forecast: { asOf: 0 } }) as unknown as ScopeMetrics;

describe('changedFigures', () => {
  it('leaves out unchanged scopes; the read model equals a full recomputation', () => {
    const committed = new Map<string, string>();
    const readModel = new Map<string, string>();
    const commit = (figures: MetricsByScope) => {
      const changed = changedFigures(committed, figures);
      for (const [s, text] of changed.compared) committed.set(s, text);
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
});
