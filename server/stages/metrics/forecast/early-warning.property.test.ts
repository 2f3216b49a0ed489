/**
 * projectedLevel scans each rule's path once, with each condition's forecast readings worked out once. The oracle
 * here is the definition (docs/forecast.md): per level, the horizons in turn (15, 30, 60 minutes) find whether it
 * holds, then the path up to that horizon the first minute it does, each figure read as forecast from scratch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../rules/condition.js';
import { ALERT_LEVELS, holds, levelRank, parseRuleFile, readValues, ruleWatches, type Rule } from '../../rules/index.js';
import { syntheticMetrics } from '../../rules/synthetic-metrics.js';
import type { ScopeMetrics } from '../types.js';
import { projectedLevel, type Predicted } from './early-warning.js';
import { HORIZONS, PATH_MIN, type ForecastFigures, type ForecastPoint } from './figures.js';

const SCOPE = 'queue:hangzhou/voice';
const RULES = `
rules:
  - name: service
    scope: queue:*/voice
    yellow: { when: serviceLevel.5m < 80% and waiting >= 2 }
    red: { when: serviceLevel.15m < 50% or asaSec.5m > 120s }
  - name: queue
    scope: queue:hangzhou/*
    orange: { when: waiting > 8 and not (ahtSec.15m < 100s) }
    black: { when: arrivalPerMin.15m > 30 and serviceLevel.today < 70% }
  - name: early
    scope: queue:*/voice
    yellow: { when: forecast.serviceLevel.15m < 60% }
  - name: elsewhere
    scope: centre:*
    red: { when: waiting >= 0 }
`;

function rules(): Rule[] {
  const loaded = parseRuleFile(RULES, 'property.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.rules;
}

/** The definition: a figure read over the point's minutes, or undefined when the forecast does not change it. */
function forecastReading(name: string, point: ForecastPoint, f: ForecastFigures): number | null | undefined {
  const [head, second, third] = name.split('.');
  const [base, window] = head === 'forecast' ? [second, third] : [head, second];
  if (window === 'today') return undefined;
  const byBase: Record<string, number | null> = { serviceLevel: point.serviceLevel, abandonRate: point.abandonRate, asaSec: point.waitSec, ewtSec: point.waitSec, waitSec: point.waitSec, waiting: point.waiting, arrivalPerMin: point.loadPerMin, ahtSec: f.ahtSec };
  return base !== undefined && base in byBase ? byBase[base] : undefined;
}

function oracle(all: readonly Rule[], metrics: ScopeMetrics): Predicted | null {
  const f = metrics.forecast!;
  let best: Predicted | null = null;
  for (const rule of all) {
    if (!ruleWatches(rule, metrics.scope) || rule.metrics.some((d) => d.name.startsWith('forecast.'))) continue;
    const actual = readValues(rule.metrics, metrics);
    const asForecast = (condition: Condition, p: ForecastPoint) => {
      const values = { ...actual };
      for (const { name } of condition.metrics) {
        const v = forecastReading(name, p, f);
        if (v !== undefined) values[name] = v;
      }
      return values;
    };
    const first = (condition: Condition, within: number) => f.path.find((p) => p.inMin <= within && holds(condition, asForecast(condition, p)))?.inMin ?? null;
    for (const level of [...ALERT_LEVELS].reverse()) {
      if (best && levelRank(level) < levelRank(best.level)) break;
      const spec = rule.levels[level];
      if (!spec) continue;
      const horizon = Object.values(HORIZONS).find((h) => first(spec.when, h) !== null);
      if (horizon === undefined) continue;
      const inMin = first(spec.when, horizon)!;
      if (!best || levelRank(level) > levelRank(best.level) || inMin < best.inMin) best = { level, inMin };
      break;
    }
  }
  return best;
}

const ratio = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1, noNaN: true }));
const point = (inMin: number) =>
  fc.record({ inMin: fc.constant(inMin), loadPerMin: fc.double({ min: 0, max: 60, noNaN: true }), serviceLevel: ratio, waitSec: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 400, noNaN: true })), waiting: fc.double({ min: 0, max: 20, noNaN: true }), abandonRate: ratio });
const path = fc.tuple(...PATH_MIN.map(point));
const actual = fc.record({ 'serviceLevel.5m': ratio, 'serviceLevel.15m': ratio, 'serviceLevel.today': ratio, waiting: fc.integer({ min: 0, max: 12 }), 'asaSec.5m': fc.integer({ min: 0, max: 300 }), 'ahtSec.15m': fc.integer({ min: 0, max: 300 }), 'arrivalPerMin.15m': fc.integer({ min: 0, max: 60 }) });

describe('the level the rules would reach, property', () => {
  it('is what the horizons in turn find, for random figures and paths', () => {
    const all = rules();
    fc.assert(
      fc.property(actual, path, fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 400 })), (values, points, ahtSec) => {
        const m = syntheticMetrics(SCOPE, values, 0);
        const forecast = { ...m.forecast!, ahtSec, path: [...points] } as ForecastFigures;
        const metrics = { ...m, forecast };
        expect(projectedLevel(all, metrics)).toEqual(oracle(all, metrics));
      }),
      { numRuns: 500 },
    );
  });
});
