import { describe, expect, it } from 'vitest';
import { renderTable, score, type Row } from './table.js';

const row = (over: Partial<Row>): Row => ({ scenario: 's', figure: 'f', unit: 'ms', value: 80, ...over });

describe('score', () => {
  it.each<[string, Partial<Row>, number | null, boolean | null]>([
    ['a value under its limit passes', { target: { on: 'value', op: '<=', limit: 100 } }, null, true],
    ['a value over its limit fails', { value: 120, target: { on: 'value', op: '<=', limit: 100 } }, null, false],
    ['a ratio to the baseline is judged', { baseline: { label: 'b', value: 100 }, target: { on: 'ratio', op: '>=', limit: 0.75 } }, 0.8, true],
    ['a low ratio fails', { value: 50, baseline: { label: 'b', value: 100 }, target: { on: 'ratio', op: '>=', limit: 0.75 } }, 0.5, false],
    ['a target whose figure was not measured does not hold', { value: null, target: { on: 'value', op: '<=', limit: 100 } }, null, false],
    ['a ratio target without a baseline does not hold', { baseline: { label: 'b', value: null }, target: { on: 'ratio', op: '>=', limit: 0.75 } }, null, false],
    ['an invalid measurement fails whatever its numbers', { invalid: 'load not reached', target: { on: 'value', op: '<=', limit: 100 } }, null, false],
    ['no target, no verdict', { baseline: { label: 'b', value: 40 } }, 2, null],
  ])('%s', (_, over, ratio, pass) => {
    const scored = score(row(over));
    expect(scored.ratio).toBe(ratio);
    expect(scored.pass).toBe(pass);
  });

  it('says so when a target\'s figure was not measured', () => {
    const table = renderTable([score(row({ value: null, target: { on: 'value', op: '<=', limit: 100 } }))]);
    expect(table.split('\n')[2]).toBe('| s | f | — |  |  | ≤ 100 ms | FAIL (not measured) |');
  });

  it('renders one Markdown row per figure', () => {
    const table = renderTable([score(row({ value: 1234.5, unit: 'ev/s', baseline: { label: 'bare', value: 2469 }, target: { on: 'ratio', op: '>=', limit: 0.75 } }))]);
    expect(table.split('\n')[2]).toBe('| s | f | 1,235 ev/s | 2,469 ev/s (bare) | 0.50× | ≥ 75 % of baseline | FAIL |');
  });
});
