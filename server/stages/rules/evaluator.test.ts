import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricsByScope } from '../metrics/types.js';
import type { MetricValues } from './evaluate.js';
import { evaluateRules, type Transition } from './evaluator.js';
import type { Rule } from './rule.js';
import { parseRuleFile } from './rule-file.js';
import { emptyRulesState, scopeLevels, type RulesState } from './state.js';
import { syntheticMetrics } from './synthetic-metrics.js';

function rulesFrom(yaml: string): Rule[] {
  const loaded = parseRuleFile(yaml, 'test.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.rules;
}

/** Series: per scope, [second, figures] points; each point changes only what it names. */
type Series = Record<string, Array<[number, MetricValues]>>;

function metricsAt(series: Series, sec: number): MetricsByScope {
  const out: MetricsByScope = {};
  for (const [scope, points] of Object.entries(series)) {
    const seen = points.filter(([at]) => at <= sec);
    if (seen.length > 0) out[scope] = syntheticMetrics(scope, Object.assign({}, ...seen.map(([, v]) => v)), sec * 1000);
  }
  return out;
}

/** simulate evaluates once a second from 0 to `until` seconds. */
function simulate(rules: Rule[], series: Series, until: number, state: RulesState = emptyRulesState(), from = 0) {
  const transitions: Transition[] = [];
  for (let sec = from; sec <= until; sec++) {
    const step = evaluateRules(rules, metricsAt(series, sec), state, sec * 1000);
    state = step.state;
    transitions.push(...step.transitions);
  }
  return { state, transitions };
}

const brief = (t: Transition) => `${t.at / 1000}s ${t.rule} ${t.scope} ${t.from}→${t.to}`;

const LADDER = `
rules:
  - name: q
    scope: queue:*/voice
    clear: 5s
    yellow: { when: waiting >= 10, for: 2s }
    orange: { when: waiting >= 20, for: 2s }
    red: { when: waiting >= 30, for: 1s }
    black: { when: waiting >= 50, for: 0s }
`;
const A = 'queue:a/voice';

describe('evaluateRules', () => {
  const cases: Array<{ name: string; rules?: string; series: Series; until: number; expected: string[] }> = [
    { name: 'rises once the condition has held for its for', series: { [A]: [[0, { waiting: 12 }]] }, until: 10, expected: ['2s q queue:a/voice normal→yellow'] },
    {
      name: 'a break in the condition restarts the for',
      series: { [A]: [[0, { waiting: 12 }], [1, { waiting: 5 }], [2, { waiting: 12 }]] },
      until: 10,
      expected: ['4s q queue:a/voice normal→yellow'],
    },
    { name: 'jumps from normal straight to black', series: { [A]: [[0, { waiting: 3 }], [3, { waiting: 60 }]] }, until: 10, expected: ['3s q queue:a/voice normal→black'] },
    { name: 'rises to the highest level held, not one step at a time', series: { [A]: [[0, { waiting: 25 }]] }, until: 10, expected: ['2s q queue:a/voice normal→orange'] },
    {
      name: 'a metric hovering at the threshold does not flap',
      series: { [A]: [[0, { waiting: 12 }], ...[4, 8, 12, 16].flatMap((s): Array<[number, MetricValues]> => [[s, { waiting: 8 }], [s + 2, { waiting: 12 }]]), [20, { waiting: 5 }]] },
      until: 40,
      expected: ['2s q queue:a/voice normal→yellow', '25s q queue:a/voice yellow→normal'],
    },
    {
      name: 'falls after clear to the highest level still held, then to normal',
      series: { [A]: [[0, { waiting: 35 }], [10, { waiting: 22 }], [20, { waiting: 0 }]] },
      until: 40,
      expected: ['1s q queue:a/voice normal→red', '15s q queue:a/voice red→orange', '25s q queue:a/voice orange→normal'],
    },
    {
      name: 'a moment of truth restarts the clear timer',
      series: { [A]: [[0, { waiting: 35 }], [10, { waiting: 0 }], [13, { waiting: 31 }], [14, { waiting: 0 }]] },
      until: 40,
      expected: ['1s q queue:a/voice normal→red', '19s q queue:a/voice red→normal'],
    },
    {
      name: 'a lower condition alone does not hold the level up',
      series: { [A]: [[0, { waiting: 25 }], [10, { waiting: 12 }]] },
      until: 40,
      expected: ['2s q queue:a/voice normal→orange', '15s q queue:a/voice orange→yellow'],
    },
    {
      name: 'each scope matching the glob is a pair of its own; others are ignored',
      series: { [A]: [[0, { waiting: 12 }]], 'queue:b/voice': [[3, { waiting: 60 }]], 'queue:a/chat': [[0, { waiting: 99 }]], 'queue:a/voice-vip': [[0, { waiting: 99 }]] },
      until: 10,
      expected: ['2s q queue:a/voice normal→yellow', '3s q queue:b/voice normal→black'],
    },
    {
      name: 'null figures never fire, even under not; an or still fires on the known side',
      rules: `
rules:
  - name: sl
    scope: all
    yellow: { when: serviceLevel < 80% }
    orange: { when: not (serviceLevel >= 80%) }
    red: { when: serviceLevel < 50% or waiting >= 10 }`,
      series: { all: [[0, { serviceLevel: null, waiting: 3 }], [5, { waiting: 10 }]] },
      until: 10,
      expected: ['5s sl all normal→red'],
    },
    {
      name: 'a scope missing from the metrics keeps its level (no data is no recovery)',
      series: { [A]: [[0, { waiting: 60 }]] },
      until: 2,
      expected: ['0s q queue:a/voice normal→black'],
    },
  ];

  it.each(cases)('$name', ({ rules, series, until, expected }) => {
    expect(simulate(rulesFrom(rules ?? LADDER), series, until).transitions.map(brief)).toEqual(expected);
  });

  it('keeps the state of a scope that vanishes from the metrics', () => {
    const rules = rulesFrom(LADDER);
    const { state } = simulate(rules, { [A]: [[0, { waiting: 60 }]] }, 2);
    const later = simulate(rules, {}, 100, state, 3);
    expect(later.transitions).toEqual([]);
    expect(scopeLevels(later.state)).toEqual({ [A]: 'black' });
  });

  it('records the figures, condition, type and scope levels with each transition', () => {
    const rules = rulesFrom(`
rules:
  - name: length
    scope: ${A}
    type: fire
    clear: 2s
    yellow: { when: waiting >= 10 }
  - name: wait
    scope: queue:*/*
    orange: { when: "longestWaitSec > 2m and serviceLevel.5m < 70%", for: 1s }`);
    const { transitions } = simulate(rules, { [A]: [[0, { waiting: 12, longestWaitSec: 30 }], [3, { longestWaitSec: 150, 'serviceLevel.5m': 0.6 }], [6, { waiting: 0 }]] }, 10);
    expect(transitions).toEqual([
      { scope: A, rule: 'length', type: 'fire', from: 'normal', to: 'yellow', scopeFrom: 'normal', scopeTo: 'yellow', at: 0, cause: 'rise', condition: 'waiting >= 10', values: { waiting: 12 } },
      {
        scope: A,
        rule: 'wait',
        type: 'traffic_surge',
        from: 'normal',
        to: 'orange',
        scopeFrom: 'yellow',
        scopeTo: 'orange',
        at: 4000,
        cause: 'rise',
        condition: 'longestWaitSec > 2m and serviceLevel.5m < 70%',
        values: { longestWaitSec: 150, 'serviceLevel.5m': 0.6 },
      },
      { scope: A, rule: 'length', type: 'fire', from: 'yellow', to: 'normal', scopeFrom: 'orange', scopeTo: 'orange', at: 8000, cause: 'clear', condition: 'waiting >= 10', values: { waiting: 0 } },
    ]);
  });

  it('keeps levels across a reload of the rules, and drops pairs whose rule is gone', () => {
    const before = rulesFrom(`${LADDER}
  - name: old
    scope: queue:*/*
    yellow: { when: waiting >= 1 }
  - name: narrowed
    scope: queue:*/*
    yellow: { when: waiting >= 1 }`);
    const { state } = simulate(before, { [A]: [[0, { waiting: 35 }]] }, 5);
    expect(state.pairs.q?.[A]?.level).toBe('red');

    const after = rulesFrom(`
rules:
  - name: q
    scope: queue:*/voice
    clear: 5s
    red: { when: waiting >= 40, for: 1s }
  - name: narrowed
    scope: queue:*/chat
    yellow: { when: waiting >= 1 }
  - name: new
    scope: ${A}
    orange: { when: waiting >= 1, for: 3s }`);
    // A restart in between: the state comes back from JSON.
    const restored = JSON.parse(JSON.stringify(state)) as RulesState;
    const { transitions } = simulate(after, { [A]: [[0, { waiting: 35 }]] }, 20, restored, 6);
    expect(transitions.map((t) => `${brief(t)} ${t.cause}`)).toEqual([
      '6s old queue:a/voice yellow→normal rule-removed',
      '6s narrowed queue:a/voice yellow→normal rule-removed',
      '9s new queue:a/voice normal→orange rise',
      // q's red now needs 40 waiting: it clears after 5s rather than being reset by the reload.
      '11s q queue:a/voice red→normal clear',
    ]);
  });

  it('state is plain JSON, and the previous state is never changed', () => {
    const rules = rulesFrom(LADDER);
    const { state } = simulate(rules, { [A]: [[0, { waiting: 35 }], [4, { waiting: 0 }]] }, 6);
    const frozen = JSON.parse(JSON.stringify(state)) as RulesState;
    expect(frozen).toStrictEqual(state);
    deepFreeze(frozen);
    const next = evaluateRules(rules, metricsAt({ [A]: [[0, { waiting: 0 }]] }, 9), frozen, 9000);
    expect(next.transitions.map(brief)).toEqual(['9s q queue:a/voice red→normal']);
    expect(next.state).toEqual(emptyRulesState());
  });

  it('never rises before `for` nor falls before `clear`, whatever the figures do', () => {
    const rules = rulesFrom(`
rules:
  - name: p
    scope: all
    clear: 5s
    yellow: { when: waiting >= 10, for: 3s }`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 120 }), (waits) => {
        const series: Series = { all: waits.map((waiting, sec): [number, MetricValues] => [sec, { waiting }]) };
        const { transitions } = simulate(rules, series, waits.length - 1);
        const over = (from: number, to: number, ok: (w: number) => boolean) => waits.slice(from, to + 1).every(ok);
        transitions.forEach((t, i) => {
          const sec = t.at / 1000;
          expect(t.to).toBe(i % 2 === 0 ? 'yellow' : 'normal');
          if (t.to === 'yellow') expect(over(sec - 3, sec, (w) => w >= 10)).toBe(true);
          else expect(over(sec - 5, sec, (w) => w < 10)).toBe(true);
        });
      }),
    );
  });
});

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
