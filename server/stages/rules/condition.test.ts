import { describe, expect, it } from 'vitest';
import { compileCondition, type Condition } from './condition.js';
import { holds, type MetricValues } from './evaluate.js';
import { parseDuration, parseQuantity, formatDuration } from './quantity.js';

function compile(source: string): Condition {
  const c = compileCondition(source);
  if (!c.ok) throw new Error(c.errors.map((e) => `${e.offset}: ${e.message}`).join('\n'));
  return c.condition;
}

describe('quantities', () => {
  it.each([
    ['10', { value: 10, unit: 'number' }],
    ['-2', { value: -2, unit: 'number' }],
    ['0.75', { value: 0.75, unit: 'number' }],
    ['80%', { value: 0.8, unit: 'percent' }],
    ['90s', { value: 90, unit: 'duration' }],
    ['5m', { value: 300, unit: 'duration' }],
    ['1h30m', { value: 5400, unit: 'duration' }],
    ['2.5m', { value: 150, unit: 'duration' }],
    ['5x', null],
    ['m', null],
    ['', null],
  ])('%s', (text, expected) => {
    expect(parseQuantity(text)).toEqual(expected);
  });

  it('writes durations back the way rule files do', () => {
    expect([0, 59, 90, 3600, 5430.5, 0.1 + 0.2].map(formatDuration)).toEqual(['0s', '59s', '1m30s', '1h', '1h30m30.5s', '0.3s']);
    expect(parseDuration('')).toBeNull();
  });
});

describe('conditions', () => {
  const figures: MetricValues = {
    waiting: 12,
    longestWaitSec: 150,
    serviceLevel: 0.75,
    'serviceLevel.5m': 0.4,
    'abandonRate.today': null,
    'agents.available': 0,
    'agents.home.available': 3,
    staffingGap: -1,
    'ivr.error': 2,
  };
  it.each([
    ['waiting >= 10', true],
    ['waiting > 12', false],
    ['waiting == 12 and waiting != 13', true],
    ['serviceLevel < 80%', true],
    ['serviceLevel < 0.7', false],
    ['serviceLevel.5m < 50%', true],
    ['longestWaitSec > 2m', true],
    ['longestWaitSec > 2m30s', false],
    ['longestWaitSec <= 150', true],
    ['agents.available == 0 and agents.home.available >= 3', true],
    ['staffingGap > -2', true],
    ['ivr.error>=2', true],
    ['waiting < 5 or serviceLevel < 80% and ivr.error > 5', false],
    ['(waiting < 5 or serviceLevel < 80%) and ivr.error > 1', true],
    ['not waiting < 5', true],
    ['not not waiting < 5', false],
    ['waiting < agents.available or waiting >= agents.home.available', true],
    // A null figure makes its comparison unknown, which never fires — not even under `not`.
    ['abandonRate.today > 5%', false],
    ['not (abandonRate.today <= 5%)', false],
    ['abandonRate.today > 5% or waiting > 10', true],
    ['abandonRate.today > 5% and waiting > 10', false],
    ['not (abandonRate.today > 5% and waiting > 100)', true],
    // A figure missing from the values is unknown too.
    ['asaSec > 10s', false],
  ])('%s → %s', (source, expected) => {
    expect(holds(compile(source), figures)).toBe(expected);
  });

  it('lists the metrics a condition reads, once each, in order', () => {
    expect(compile('serviceLevel < 80% or waiting > 3 and serviceLevel.today < 90% or waiting > 9').metrics.map((m) => m.name)).toEqual([
      'serviceLevel',
      'waiting',
      'serviceLevel.today',
    ]);
  });

  it.each([
    ['serviceLvel < 80%', 0, 'unknown metric "serviceLvel" (did you mean serviceLevel?)'],
    ['waiting > 1 and longestWait > 2m', 16, 'unknown metric "longestWait" (did you mean longestWaitSec?)'],
    ['serviceLevel.1h < 80%', 0, 'unknown window "1h" in "serviceLevel.1h" (windows: 5m, 15m, today)'],
    ['waiting.5m > 3', 0, '"waiting" is an instant figure and takes no window ("waiting.5m")'],
    ['serviceLevel < 80', 15, '"80" does not fit serviceLevel, which is a fraction from 0 to 1 (did you mean 80%?)'],
    ['waiting > 2m', 10, '"2m" does not fit waiting, which is a count: compare it with a plain number'],
    ['longestWaitSec > 50%', 17, '"50%" does not fit longestWaitSec, which is a time in seconds: compare it with a duration such as 90s or 2m, or a number of seconds'],
    ['waiting > longestWaitSec', 0, 'cannot compare waiting (a count) with longestWaitSec (a time in seconds)'],
    ['3 < 4', 0, '"3" is compared with "4": a comparison needs a metric'],
    ['waiting >= 10 and', 17, 'expected a metric or a number, found the end of the condition'],
    ['waiting >= 10 serviceLevel < 80%', 14, 'expected "and", "or" or the end of the condition, found "serviceLevel"'],
    ['(waiting >= 10', 14, 'expected ")", found the end of the condition'],
    ['waiting', 7, 'expected a comparison (<, <=, >, >=, ==, !=), found the end of the condition'],
    ['1 < waiting < 5', 12, 'comparisons do not chain: join them with "and"'],
    ['waiting = 3', 8, 'unexpected "=" (write ==)'],
    ['waiting > 3 && waiting < 9', 12, 'unexpected "&" (write and)'],
    ['waiting > 5q', 10, 'bad number "5q": write 10, 0.8, 80% or a duration (write a duration like 90s, 5m or 1h30m)'],
    ['', 0, 'expected a metric or a number, found the end of the condition'],
  ])('rejects %j at %i', (source, offset, message) => {
    const c = compileCondition(source);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.errors.map((e) => [e.offset, e.message])).toContainEqual([offset, message]);
  });

  it('reports every unknown name, not just the first', () => {
    const c = compileCondition('wating > 1 or serviceLvel < 80%');
    expect(c.ok ? [] : c.errors.map((e) => e.offset)).toEqual([0, 14]);
  });
});
