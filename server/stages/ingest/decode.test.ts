import { describe, expect, it } from 'vitest';
import { decodeBatch, MAX_DEPTH, tooDeep } from './decode.js';

/** nested wraps a value in `levels` objects and arrays, taking turns. */
const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [0, value] : { a: 'x', b: value };
  return value;
};

describe('tooDeep', () => {
  it('lets MAX_DEPTH levels of objects and arrays through, and refuses one more', () => {
    expect(tooDeep(nested(MAX_DEPTH))).toBe(false);
    expect(tooDeep(nested(MAX_DEPTH + 1))).toBe(true);
    expect(tooDeep({ id: 'e-1', skills: ['sales', 'billing'], agents: { available: 2 } })).toBe(false);
    expect(tooDeep('text')).toBe(false);
    expect(tooDeep(null)).toBe(false);
  });

  it('looks past the first member: the deep one may come last', () => {
    expect(tooDeep({ a: 1, b: [1, 2], c: nested(MAX_DEPTH) })).toBe(true);
    expect(tooDeep([1, {}, [], nested(MAX_DEPTH)])).toBe(true);
  });

  it('refuses a line nested too deeply with its line number, the others decoded', () => {
    const lines = [JSON.stringify({ id: 'a' }), JSON.stringify(nested(MAX_DEPTH + 1)), JSON.stringify({ id: 'b' })].join('\n');
    const items = decodeBatch(lines, true);
    expect(items.map((i) => i.error ?? null)).toEqual([null, `line 2: event nests objects or arrays more than ${MAX_DEPTH} levels deep`, null]);
  });
});
