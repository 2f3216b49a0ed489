import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, takeBatch, verdictFor, type Verdict } from './client.js';

describe('verdictFor', () => {
  it.each<[number | undefined, Verdict]>([
    [202, 'done'],
    [200, 'done'],
    [undefined, 'retry'],
    [503, 'retry'],
    [502, 'retry'],
    [500, 'retry'],
    [429, 'retry'],
    [408, 'retry'],
    [413, 'split'],
    [401, 'fatal'],
    [403, 'fatal'],
    [400, 'refused'],
    [404, 'refused'],
  ])('answers %s with %s', (status, verdict) => {
    expect(verdictFor(status)).toBe(verdict);
  });
});

describe('takeBatch', () => {
  it('takes at most the event limit', () => {
    expect(takeBatch(Array.from({ length: 1200 }, () => '{}'))).toBe(500);
    expect(takeBatch(['{}', '{}', '{}'], 2)).toBe(2);
    expect(takeBatch([])).toBe(0);
  });

  it('keeps a batch under the byte limit but always takes one line', () => {
    const line = 'x'.repeat(100 * 1024);
    const n = takeBatch(Array.from({ length: 20 }, () => line));
    expect(n * (line.length + 1)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect((n + 1) * (line.length + 1)).toBeGreaterThan(MAX_BATCH_BYTES);
    expect(takeBatch(['y'.repeat(MAX_BATCH_BYTES * 2)])).toBe(1);
  });
});
