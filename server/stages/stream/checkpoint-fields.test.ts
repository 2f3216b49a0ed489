import { describe, expect, it } from 'vitest';
import { BUSY_EVENTS, checkpointFields, checkpointWrites, fromFields, LEAF_BYTES } from './checkpoint-fields.js';

/** A value like an engine's checkpoint: window buckets of counters, agents, a few scalars, CJK text. */
function checkpointLike(buckets: number, agents: number) {
  return {
    lastId: '1733000000000-7',
    state: {
      v: 1,
      watermark: 1_733_000_000_000,
      day: '2026-12-05',
      buckets: [['queue:hangzhou/voice', Array.from({ length: buckets }, (_, i) => [1_733_000_000_000 + i * 10_000, { offered: i, answered: i - 1, waitSec: i * 1.5 }])]],
      agents: Array.from({ length: agents }, (_, i) => [`agent-${i}`, { state: i % 2 ? 'available' : 'aux', seatType: 'home', reason: '午休'.repeat(i % 5), skills: ['voice', 'chat'] }]),
      sources: [],
      forecast: undefined,
      faults: [{ component: 'acd', severity: 'minor', message: 'x'.repeat(LEAF_BYTES * 2) }],
    },
  };
}

describe('checkpoint fields', () => {
  it('give back the same JSON value, however large, nested or small', () => {
    for (const value of [checkpointLike(90, 120), checkpointLike(0, 0), { lastId: '1-0', state: { v: 1 } }, [null, [], {}, 'a', 1.5, true]]) {
      const fields = checkpointFields(value);
      expect(fromFields(Object.fromEntries(fields))).toEqual(JSON.parse(JSON.stringify(value)));
      for (const text of fields.values()) expect(text.length <= LEAF_BYTES || typeof JSON.parse(text) !== 'object').toBe(true);
    }
    // Small enough to be one field: the whole value under the empty path.
    expect(checkpointFields({ lastId: '1-0', state: { v: 1 } })).toEqual(new Map([['[]', '{"lastId":"1-0","state":{"v":1}}']]));
  });

  it('are each value once, named by its path (JSON) and written as JSON.stringify writes it', () => {
    const value = checkpointLike(90, 120);
    const fields = checkpointFields(value);
    expect(fields.get('["lastId"]')).toBe('"1733000000000-7"');
    expect(fields.get('["state","buckets",0,1,5]')).toBe(JSON.stringify(value.state.buckets[0]![1]![5]));
    expect(fields.get('["state","agents",3]')).toBe(JSON.stringify(value.state.agents[3]));
    // A scalar longer than a leaf stays one field; what JSON leaves out is left out.
    expect(fields.get('["state","faults",0,"message"]')).toBe(JSON.stringify('x'.repeat(LEAF_BYTES * 2)));
    expect([...fields.keys()].some((field) => field.includes('forecast'))).toBe(false);
    expect(fields.size).toBeGreaterThan(200);
  });

  it('are written only where the value changed once the hash holds them: a new bucket, one agent', () => {
    const before = checkpointLike(90, 120);
    const after = checkpointLike(90, 120);
    (after.state.buckets[0]![1] as unknown[]).push([1_733_000_900_000, { offered: 1, answered: 0, waitSec: 2 }]);
    after.state.agents[7]![1] = { ...(after.state.agents[7]![1] as object), state: 'on_contact' } as never;
    const held = { applied: 10, fields: checkpointFields(before) };
    const { writes } = checkpointWrites(held, after, 12);
    expect(writes.whole).toBe(false);
    expect(writes.set.map(([field]) => field).sort()).toEqual(['["state","agents",7]', '["state","buckets",0,1,90]']);
    expect(writes.remove).toEqual([]);
    // Fewer buckets: the last places are deleted.
    expect(checkpointWrites(held, checkpointLike(88, 120), 12).writes.remove.sort()).toEqual(['["state","buckets",0,1,88]', '["state","buckets",0,1,89]']);
  });

  it('are written whole as one field when busy or nothing is known, then every field once quiet', () => {
    const first = checkpointWrites(undefined, checkpointLike(90, 120), 10);
    expect(first).toEqual({ writes: { whole: true, set: [['[]', JSON.stringify(checkpointLike(90, 120))]], remove: [] }, held: { applied: 10 } });
    // Quiet, but the hash holds one field: every field, the hash deleted first.
    const next = checkpointLike(91, 120);
    const second = checkpointWrites(first.held, next, 11);
    expect(second).toEqual({ writes: { whole: true, set: [...checkpointFields(next)], remove: [] }, held: { applied: 11, fields: checkpointFields(next) } });
    // Quiet: only what changed (nothing here).
    expect(checkpointWrites(second.held, next, 11 + BUSY_EVENTS).writes).toEqual({ whole: false, set: [], remove: [] });
    // Busy: one field again, without splitting the value to see.
    expect(checkpointWrites(second.held, next, 12 + BUSY_EVENTS)).toEqual({ writes: { whole: true, set: [['[]', JSON.stringify(next)]], remove: [] }, held: { applied: 12 + BUSY_EVENTS } });
  });

  it('keep a "__proto__" key as data, as JSON.parse does, split or not', () => {
    const value = JSON.parse(`{"lastId":"1-0","state":{"__proto__":{"polluted":"${'x'.repeat(LEAF_BYTES)}","n":[1,2]},"v":1}}`) as unknown;
    const fields = checkpointFields(value);
    expect(fields.has('["state","__proto__","polluted"]')).toBe(true);
    const back = fromFields(Object.fromEntries(fields)) as { state: object };
    expect([...checkpointFields(back)].sort()).toEqual([...fields].sort());
    expect(Object.getPrototypeOf(back.state)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const small = JSON.parse('{"__proto__":{"a":1}}') as unknown;
    expect(JSON.stringify(fromFields(Object.fromEntries(checkpointFields(small))))).toBe('{"__proto__":{"a":1}}');
  });

  it('refuse a hash no checkpoint left: a gap in an array, a field under a scalar', () => {
    const fields = Object.fromEntries(checkpointFields(checkpointLike(90, 120)));
    delete fields['["state","agents",3]'];
    expect(() => fromFields(fields)).toThrow('gap in an array');
    expect(() => fromFields({ '["lastId"]': '"1-0"', '["lastId","x"]': '1' })).toThrow('does not fit');
    expect(() => fromFields({ '["a",0]': '1', '["a","b"]': '1' })).toThrow('does not fit');
  });
});
