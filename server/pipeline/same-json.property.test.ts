/**
 * sameJson answers what comparing the two JSON texts answers, and changedFigures commits exactly the scopes whose
 * JSON with asOf 0 changed, over random figure-like trees: pairs built alike (so that many are equal) with the
 * ways JSON writes unlike values alike (NaN, ±Infinity and null; -0 and 0; members that write nothing; array
 * items that write null), key order, numeric keys, dates, and now and then a real difference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScopeMetrics } from '../stages/metrics/types.js';
import { changedFigures } from './figure-texts.js';
import { sameJson } from './same-json.js';

type Pair = [unknown, unknown];
const RUNS = 2000;

const nulls = fc.constantFrom(null, NaN, Infinity, -Infinity);
const nothing = fc.constantFrom(undefined, () => 1, Symbol('s'));
// Values with their own way to be written: told their key, writing nothing, a boxed number.
const written = fc.constantFrom({ toJSON: (key: string) => key }, { toJSON: () => undefined }, { toJSON: () => null }, Object(1) as unknown);
const leaf = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double(), fc.string({ maxLength: 4 }), fc.boolean(), nulls, nothing, fc.date(), fc.constant('"asOf":0'), written);
const keyOf = fc.constantFrom('a', 'b', 'c', 'asOf', '0', '7', 'x y');

/** Pairs of leaves: mostly written alike, some different. */
const leafPair: fc.Arbitrary<Pair> = fc.oneof(
  leaf.map((v): Pair => [v, v]),
  fc.tuple(nulls, nulls),
  fc.tuple(fc.constantFrom(0, -0), fc.constantFrom(0, -0)),
  fc.tuple(nothing, nothing),
  // What a toJSON may write beside: its key (the member's, an item's index), null.
  fc.tuple(written, fc.oneof(written, nulls, nothing, fc.constantFrom('a', '0', '1', 1))),
  fc.tuple(leaf, leaf),
);

/** Members that write nothing, put anywhere in one side's object. */
const extras = fc.array(fc.tuple(fc.nat(8), fc.constantFrom('u', 'v'), nothing), { maxLength: 2 });

function withExtras(entries: [string, unknown][], added: [number, string, unknown][]): Record<string, unknown> {
  const all = [...entries];
  for (const [at, key, value] of added) all.splice(at % (all.length + 1), 0, [key, value]);
  return Object.fromEntries(all);
}

const { pair } = fc.letrec<{ pair: Pair; array: Pair; object: Pair }>((tie) => ({
  pair: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafPair, tie('array'), tie('object')),
  array: fc.array(tie('pair'), { maxLength: 4 }).chain((items) =>
    // Now and then one side is one item short.
    fc.boolean().map((short): Pair => [items.map((p) => p[0]), items.slice(0, short && items.length > 0 ? -1 : undefined).map((p) => p[1])]),
  ),
  object: fc.tuple(fc.array(fc.tuple(keyOf, tie('pair')), { maxLength: 5 }), extras, extras, fc.boolean()).map(([members, extraA, extraB, swapped]): Pair => {
    const b = members.map(([key, p]): [string, unknown] => [key, p[1]]);
    // Now and then one side has its first two members the other way round.
    if (swapped && b.length > 1) [b[0], b[1]] = [b[1]!, b[0]!];
    return [withExtras(members.map(([key, p]) => [key, p[0]]), extraA), withExtras(b, extraB)];
  }),
}));

describe('sameJson', () => {
  it('answers what comparing the JSON texts answers', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: RUNS },
    );
  });

  it('finds many pairs equal: the property is not won by pairs that differ anyway', () => {
    const pairs = fc.sample(pair, { numRuns: RUNS, seed: 1 });
    const equal = pairs.filter(([a, b]) => JSON.stringify(a) === JSON.stringify(b) && typeof a === 'object' && a !== null && a !== b);
    expect(equal.length).toBeGreaterThan(RUNS / 20);
  });
});

describe('changedFigures', () => {
  // asOf first, last or absent on each side (a figure always has it, at one place; `{ ...f, asOf: 0 }` adds it last).
  const asOf = fc.tuple(fc.constantFrom('first', 'last', 'absent'), fc.integer());
  const figures = fc.tuple(fc.array(fc.tuple(keyOf, pair), { maxLength: 6 }), asOf, asOf).map(([members, asOfA, asOfB]) => {
    const side = (i: 0 | 1, [at, value]: [string, number]) => {
      const entries = members.filter(([key]) => key !== 'asOf').map(([key, p]): [string, unknown] => [key, p[i]]);
      return Object.fromEntries(at === 'first' ? [['asOf', value], ...entries] : at === 'last' ? [...entries, ['asOf', value]] : entries) as unknown as ScopeMetrics;
    };
    return [side(0, asOfA), side(1, asOfB)] as const;
  });

  it('commits a scope exactly when its JSON with asOf 0 changed, as the figures write it', () => {
    fc.assert(
      fc.property(figures, ([before, next]) => {
        const first = changedFigures(new Map(), { s: before });
        expect(first.texts).toEqual({ s: JSON.stringify(before) });
        const changed = changedFigures(first.compared, { s: next });
        const moved = JSON.stringify({ ...before, asOf: 0 }) !== JSON.stringify({ ...next, asOf: 0 });
        expect(Object.keys(changed.texts)).toEqual(moved ? ['s'] : []);
        expect([...changed.compared.values()]).toEqual(moved ? [next] : []);
        if (moved) expect(changed.texts.s).toBe(JSON.stringify(next));
      }),
      { numRuns: RUNS },
    );
  });
});
