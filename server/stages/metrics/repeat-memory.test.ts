import { describe, expect, it } from 'vitest';
import { customerHash, decodeRepeatMemory, emptyRepeatMemory, encodeRepeatMemory, HOUR_MS, record, seenSince } from './repeat-memory.js';

describe('repeat memory', () => {
  it('finds a customer within the window in whole hours, and not before it', () => {
    const m = emptyRepeatMemory();
    const hash = customerHash('cust-1');
    record(m, hash, 100, 0, 1000);
    expect(seenSince(m, hash, 100)).toBe(true);
    expect(seenSince(m, hash, 28)).toBe(true); // 72 hours back from hour 100
    expect(seenSince(m, hash, 101)).toBe(false);
    expect(seenSince(m, customerHash('cust-2'), 0)).toBe(false);
  });

  it('never holds more than its cap: the oldest hour goes first', () => {
    const m = emptyRepeatMemory();
    for (let i = 0; i < 50; i++) record(m, customerHash(`c${i}`), Math.floor(i / 10), 0, 25); // 10 customers an hour
    expect(m.size).toBeLessThanOrEqual(25);
    expect(m.size).toBe(m.hours.reduce((n, h) => n + h.hashes.size, 0));
    expect(seenSince(m, customerHash('c49'), 0)).toBe(true);
    expect(seenSince(m, customerHash('c0'), 0)).toBe(false);
  });

  it('round-trips through its checkpoint text', () => {
    const m = emptyRepeatMemory();
    for (let i = 0; i < 100; i++) record(m, customerHash(`c${i}`), 7 + (i % 3), 0, 1000);
    const back = decodeRepeatMemory(JSON.parse(JSON.stringify(encodeRepeatMemory(m))));
    expect(back.size).toBe(100);
    for (let i = 0; i < 100; i++) expect(seenSince(back, customerHash(`c${i}`), 7)).toBe(true);
    expect(encodeRepeatMemory(back)).toEqual(encodeRepeatMemory(m));
  });

  // The bound docs/metrics.md states: about 5.4 bytes of checkpoint per customer remembered (4 bytes
  // of hash in base64), whatever the ids; the 200 000 default cap is about 1.1 MB per centre.
  it.each([1_000, 10_000, 100_000])('checkpoints %i customers in about 5.4 bytes each', (n) => {
    const m = emptyRepeatMemory();
    const start = 1_000 * HOUR_MS;
    for (let i = 0; i < n; i++) {
      const ts = start + Math.floor((i / n) * 72) * HOUR_MS;
      record(m, customerHash(`customer-with-a-long-id-${i}`), Math.floor(ts / HOUR_MS), 0, 200_000);
    }
    const bytes = JSON.stringify(encodeRepeatMemory(m)).length;
    // Distinct ids whose hashes collide are remembered once: with n ≤ 10⁵ of 2³² values, a handful at most.
    expect(m.size).toBeGreaterThan(n - 5);
    expect(bytes / n).toBeLessThan(5.5 + (72 * 20) / n); // + per-hour framing
    console.log(`repeat memory: ${n} customers → ${bytes} bytes of checkpoint (${(bytes / n).toFixed(2)} per customer)`);
  });
});
