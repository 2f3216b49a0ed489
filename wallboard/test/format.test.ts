import { describe, expect, it } from 'vitest';
import { age, clock, count, decimal, duration, goal, mediaName, percent, scopeGoal, seatName } from '../src/lib/format.js';

describe('duration', () => {
  it.each([
    [0, '0:00'],
    [5, '0:05'],
    [65, '1:05'],
    [59.6, '1:00'],
    [600, '10:00'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [3725, '1:02:05'],
    [-1, '—'],
    [null, '—'],
    [undefined, '—'],
    [NaN, '—'],
    [Infinity, '—'],
  ])('%s → %s', (sec, text) => expect(duration(sec)).toBe(text));
});

describe('percent', () => {
  it.each([
    [0.8, 0, '80%'],
    [1, 0, '100%'],
    [0, 0, '0%'],
    [0.8125, 1, '81.3%'],
    [0.0349, 1, '3.5%'],
    [null, 0, '—'],
    [NaN, 1, '—'],
  ])('%s (%s digits) → %s', (f, d, text) => expect(percent(f, d)).toBe(text));
});

describe('count, decimal and scopeGoal', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [1234, '1,234'],
    [12.6, '13'],
    [null, '—'],
  ])('count %s → %s', (n, text) => expect(count(n)).toBe(text));
  it.each([
    [2.25, 1, '2.3'],
    [1234.5, 2, '1,234.50'],
    [3, 1, '3.0'],
    [null, 1, '—'],
  ])('decimal %s (%s digits) → %s', (n, d, text) => expect(decimal(n, d)).toBe(text));
  it('scopeGoal: the goal in words, or mixed goals, never the server label', () => {
    expect(scopeGoal({ target: 0.8, thresholdSec: 20, formula: 'standard' })).toBe('80% in 20s');
    expect(scopeGoal({ target: null, thresholdSec: null, formula: 'mixed' })).toBe('mixed goals');
    expect(scopeGoal(undefined)).toBe('—');
  });
});

describe('age', () => {
  it.each([
    [0, '0 s'],
    [12, '12 s'],
    [59, '59 s'],
    [60, '1 min'],
    [125, '2 min'],
    [7300, '2 h'],
    [null, '—'],
  ])('%s → %s', (sec, text) => expect(age(sec)).toBe(text));
});

describe('goal', () => {
  it.each([
    [0.8, 20, '80% in 20s'],
    [0.9, 10, '90% in 10s'],
    [0.8, 60, '80% in 60s'],
    [0.8, 300, '80% in 5min'],
    [0.9, 3600, '90% in 1h'],
    [null, 20, '—'],
    [0.8, null, '—'],
  ])('%s in %s → %s', (target, sec, text) => expect(goal(target, sec)).toBe(text));
});

describe('names and clock', () => {
  it('media and seats', () => {
    expect(mediaName('voice')).toBe('Voice');
    expect(mediaName('carrier-pigeon')).toBe('carrier-pigeon');
    expect(seatName('phone_im')).toBe('Phone/IM');
    expect(seatName('onsite')).toBe('On-site');
  });
  it('clock is 24-hour in the given zone', () => {
    expect(clock(Date.UTC(2025, 0, 1, 6, 3, 9), 'UTC')).toBe('06:03:09');
    expect(clock(Date.UTC(2025, 0, 1, 6, 3, 9), 'Asia/Shanghai')).toBe('14:03:09');
  });
});
