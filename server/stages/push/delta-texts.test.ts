import { describe, expect, it } from 'vitest';
import { deltaTexts, SEQ_BYTES } from './delta-texts.js';

const head = { type: 'delta', asOf: 7, topic: 'centre:c' };
const figures = (i: number, note: string) => ({ scope: `queue:c/q${i}`, waiting: i, note });

describe('deltaTexts', () => {
  it('writes a small delta as one message, the same as JSON.stringify, asOf second', () => {
    const body = { scopes: { 'queue:c/q1': figures(1, 'a') }, patch: { 'queue:c/q2': { waiting: 3 } } };
    const texts = deltaTexts(head, body);
    expect(texts).toHaveLength(1);
    expect(JSON.parse(texts[0]!)).toEqual({ ...head, ...body });
    expect(Object.keys(JSON.parse(texts[0]!))[1]).toBe('asOf');
  });

  it('splits a large one by scope into texts that leave room for the seq within the limit, adding up to the whole', () => {
    const scopes = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`queue:c/q${i}`, figures(i, '杭州'.repeat(300))]));
    const patch = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`skill:c/s${i}`, { waiting: i, note: 'x'.repeat(100) }]));
    const texts = deltaTexts(head, { scopes, patch }, 4096);
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) expect(Buffer.byteLength(text) + SEQ_BYTES).toBeLessThanOrEqual(4096); // CJK counted in bytes, not characters
    const parsed = texts.map((t) => JSON.parse(t) as { type: string; asOf: number; topic: string; scopes?: object; patch?: object });
    for (const p of parsed) expect(p).toMatchObject(head);
    expect(Object.assign({}, ...parsed.map((p) => p.scopes))).toEqual(scopes);
    expect(Object.assign({}, ...parsed.map((p) => p.patch))).toEqual(patch);
  });

  it('sends a scope larger than the limit alone', () => {
    const texts = deltaTexts(head, { scopes: { 'queue:c/q1': figures(1, 'a'), 'queue:c/big': figures(2, 'x'.repeat(5000)), 'queue:c/q3': figures(3, 'b') } }, 1024);
    expect(texts.map((t) => Object.keys((JSON.parse(t) as { scopes: object }).scopes))).toEqual([['queue:c/q1'], ['queue:c/big'], ['queue:c/q3']]);
  });
});
