import { describe, expect, it } from 'vitest';
import { compareIds } from './checkpoint.js';

describe('compareIds', () => {
  it.each([
    ['1-0', '0-0', 1],
    ['0-0', '1-0', -1],
    ['1795427152569-12', '1795427152569-3', 1],
    ['1795427152569-3', '1795427152570-0', -1],
    ['1795427152569-3', '1795427152569-3', 0],
    ['5', '5-0', 0],
    ['10-0', '9-99', 1],
  ])('orders %s against %s as %i', (a, b, sign) => {
    expect(Math.sign(compareIds(a, b))).toBe(sign);
  });
});
