import { describe, expect, it } from 'vitest';
import { applyTransitions } from '../../incidents/lifecycle.js';
import { renderSms } from '../../plans/sms.js';
import { incident } from '../../plans/testing.js';
import { evaluateRules, emptyRulesState, parseRuleFile, type Rule, type Transition } from '../../rules/index.js';
import { syntheticMetrics } from '../../rules/synthetic-metrics.js';
import type { ScopeMetrics } from '../types.js';
import { annotateLevels, markPredicted, projectedLevel } from './early-warning.js';
import { PATH_MIN, type ForecastFigures } from './figures.js';

const SCOPE = 'queue:hangzhou/voice';
const RULES = `
rules:
  - name: voice
    scope: queue:*/voice
    yellow: { when: serviceLevel.5m < 80%, for: 1m }
    red: { when: serviceLevel.5m < 50%, for: 1m }
  - name: voice-early
    scope: queue:*/voice
    yellow: { when: forecast.serviceLevel.15m < 60%, for: 30s }
`;

function rules(): Rule[] {
  const loaded = parseRuleFile(RULES, 'early.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.rules;
}

/** A forecast whose service level falls one point a minute from 90 %. */
function falling(): ForecastFigures {
  const path = PATH_MIN.map((inMin) => ({ inMin, loadPerMin: 5, serviceLevel: 0.9 - inMin * 0.01 * (inMin > 5 ? 6 : 1), waitSec: 10 * inMin, waiting: inMin, abandonRate: 0.01 * inMin }));
  const at = (m: number) => path.find((p) => p.inMin === m)!.serviceLevel;
  return {
    method: 'weekday',
    arrivals: { '15m': 75, '30m': 150, '60m': 300 },
    ahtSec: 200,
    patienceSec: 120,
    agents: 5,
    serviceLevel: { '15m': at(15), '30m': at(30), '60m': at(60) },
    waitSec: { '15m': 150, '30m': 300, '60m': 600 },
    waiting: { '15m': 15, '30m': 30, '60m': 60 },
    abandonRate: { '15m': 0.15, '30m': 0.3, '60m': 0.6 },
    accuracy: 0.1,
    level: null,
    path,
  };
}

function metrics(forecast?: ForecastFigures): ScopeMetrics {
  const m = syntheticMetrics(SCOPE, { 'serviceLevel.5m': 0.9 }, 0);
  return forecast ? { ...m, forecast } : m;
}

describe('rule tests', () => {
  it('can set forecast figures on a scope that has none', () => {
    expect(syntheticMetrics(SCOPE, { 'forecast.serviceLevel.15m': 0.5 }, 0).forecast?.serviceLevel['15m']).toBe(0.5);
  });
});

describe('the level the rules would reach', () => {
  it('is the highest level whose condition holds on the forecast, at the first minute it does', () => {
    // Service level 0.9 − 0.06·m past 5 minutes: below 80 % from minute 6 (0.54), below 50 % from minute 7 (0.48).
    expect(projectedLevel(rules(), metrics(falling()))).toEqual({ level: 'red', inMin: 7 });
  });

  it('is null with no forecast, or when the forecast stays fine', () => {
    expect(projectedLevel(rules(), metrics())).toBeNull();
    const fine = falling();
    fine.path = fine.path.map((p) => ({ ...p, serviceLevel: 0.95 }));
    expect(projectedLevel(rules(), metrics(fine))).toBeNull();
  });
});

describe('early warnings', () => {
  const rise = (rule: string, scopeMetrics: ScopeMetrics): Transition[] => {
    const figures = { [SCOPE]: scopeMetrics };
    annotateLevels(rules(), figures);
    const first = evaluateRules(rules(), figures, emptyRulesState(), 0);
    const later = evaluateRules(rules(), figures, first.state, 60_000);
    return markPredicted(rules(), later.transitions, figures).filter((t) => t.rule === rule);
  };

  it('marks a rise on forecast.* as predicted: the level the rules are heading for and when', () => {
    const [t] = rise('voice-early', metrics(falling()));
    expect(t).toMatchObject({ to: 'yellow', predicted: { level: 'red', inMin: 7 } });
  });

  it('leaves a rise on actual figures unmarked', () => {
    const bad = { ...metrics(falling()) };
    bad.windows = { ...bad.windows, '5m': { ...bad.windows['5m'], serviceLevel: 0.7 } };
    const [t] = rise('voice', bad);
    expect(t?.to).toBe('yellow');
    expect(t?.predicted).toBeUndefined();
  });

  it('puts the prediction on the incident and its SMS, and withdraws it when actual figures rise', () => {
    const [t] = rise('voice-early', metrics(falling()));
    const opened = applyTransitions({ open: [], transitions: [t!], now: 60_000, quietMs: 300_000, newId: () => 'INC-1' });
    const inc = opened.incidents[0]!;
    expect(inc.predicted).toEqual({ level: 'red', inMin: 7, scope: SCOPE, rule: 'voice-early', at: 60_000 });
    expect(opened.timeline.find((l) => l.entry.kind === 'scope')?.entry.predicted).toEqual({ level: 'red', inMin: 7 });

    const ctx = { incident: inc, level: 'yellow' as const, link: 'https://x/control', ackCode: 'K7', centreName: 'Hangzhou' };
    const template = '[Surge Control] {level} at {centre}: {type}.{predicted}';
    expect(renderSms(template, ctx)).toBe('[Surge Control] YELLOW at Hangzhou: traffic surge. Early warning: RED predicted in 7 min.');
    expect(renderSms('{centre} {level}：{type}。{predicted}', { ...ctx, locale: 'zh' })).toBe('Hangzhou 黄色：话务激增。预测7分钟后达到红色。');
    expect(renderSms(template, { ...ctx, incident: incident({ predicted: null }) })).toBe('[Surge Control] YELLOW at Hangzhou: traffic surge.');

    const actual: Transition = { ...t!, rule: 'voice', predicted: undefined, from: 'normal', to: 'yellow', at: 120_000 };
    const confirmed = applyTransitions({ open: [inc], transitions: [actual], now: 120_000, quietMs: 300_000, newId: () => 'INC-2' });
    expect(confirmed.incidents[0]!.predicted).toBeNull();
  });
});
