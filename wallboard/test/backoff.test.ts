import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/lib/live/backoff.js';

describe('backoffDelay', () => {
  it.each([
    [0, 1_000],
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 10_000],
    [50, 10_000],
    [1e9, 10_000],
  ])('attempt %s → %s ms (no jitter)', (attempt, ms) => expect(backoffDelay(attempt, 0.5)).toBe(ms));

  it.each([
    [1, 0, 800],
    [1, 1, 1_200],
    [3, 0, 3_200],
    [9, 1, 10_000],
    [9, 0, 8_000],
  ])('attempt %s with random %s → %s ms (±20 %, never over 10 s)', (attempt, random, ms) => expect(backoffDelay(attempt, random)).toBe(ms));
});
