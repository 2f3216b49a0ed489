import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';

describe('Histogram', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99, 10],
    [[0.04, 0.06, 250], 50, 0.1],
    [[7], 99, 7],
  ])('%j: p%i is %d', (samples, p, expected) => {
    const h = new Histogram();
    for (const ms of samples) h.record(ms);
    expect(h.percentile(p)).toBe(expected);
  });

  it('merges the wire form of other histograms exactly', () => {
    const a = new Histogram();
    const b = new Histogram();
    for (let i = 1; i <= 50; i++) a.record(i);
    for (let i = 51; i <= 100; i++) b.record(i);
    const merged = Histogram.from(a.toJSON()).add(JSON.parse(JSON.stringify(b)));
    expect(merged.summary()).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
  });

  it('has no percentile when empty', () => {
    expect(new Histogram().percentile(99)).toBeNull();
  });
});
