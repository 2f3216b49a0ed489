/**
 * The early warning (docs/forecast.md): what the rules make of the forecast, pure, run by the
 * pipeline step between the snapshot and the rules so that a back-test sees exactly the live warnings.
 *
 *   forecast path ─► each rule on actual figures, with those figures as forecast ─► `forecast.level`
 *                    ("red within 15 minutes": the level the rules would reach, and when)
 *   a rise whose condition holds only because of `forecast.*` ─► predicted {level, inMin}
 *                    ("predicted red in 6 min": on the transition, then the incident and its SMS)
 */
import { ALERT_LEVELS, holds, levelRank, readValues, ruleWatches, type AlertLevel, type MetricValues, type Rule, type Transition } from '../../rules/index.js';
import type { Condition } from '../../rules/condition.js';
import type { MetricsByScope, ScopeMetrics } from '../types.js';
import { HORIZONS, type ForecastFigures, type ForecastPoint } from './figures.js';
import { isForecastMetric } from './metric-names.js';

/** Predicted: a level expected in `inMin` minutes from the transition's time. */
export interface Predicted {
  level: AlertLevel;
  inMin: number;
}

/** A figure of a rule's condition read from the forecast instead: `pick` gives its value over a point's minutes. */
interface Override {
  name: string;
  pick: (point: ForecastPoint, f: ForecastFigures) => number | null;
}

/**
 * asForecast says how a rule's figure reads over the next minutes of the forecast: `serviceLevel.5m`
 * becomes the forecast service level, `forecast.serviceLevel.15m` too, and so on; undefined keeps the
 * figure as it is (agents, today's window, counts of the past).
 */
function asForecast(name: string): Override['pick'] | undefined {
  const parts = name.split('.');
  const [base, window] = isForecastMetric(name) ? [parts[1], undefined] : [parts[0], parts[1]];
  if (window === 'today') return undefined;
  switch (base) {
    case 'serviceLevel':
      return (point) => point.serviceLevel;
    case 'abandonRate':
      return (point) => point.abandonRate;
    case 'asaSec':
    case 'ewtSec':
    case 'waitSec':
      return (point) => point.waitSec;
    case 'waiting':
      return (point) => point.waiting;
    case 'arrivalPerMin':
      return (point) => point.loadPerMin;
    case 'ahtSec':
      return (_, f) => f.ahtSec;
    default:
      return undefined;
  }
}

/** Each condition's overrides, worked out once: every step reads them at every point of every forecast scope's path. */
const overridesByCondition = new WeakMap<Condition, Override[]>();

function overridesOf(condition: Condition): Override[] {
  let overrides = overridesByCondition.get(condition);
  if (!overrides) {
    overrides = condition.metrics.flatMap((def) => {
      const pick = asForecast(def.name);
      return pick ? [{ name: def.name, pick }] : [];
    });
    overridesByCondition.set(condition, overrides);
  }
  return overrides;
}

/** firstHolding is the first minute of the path (up to `within`) at which the condition holds on forecast figures. */
function firstHolding(condition: Condition, actual: MetricValues, f: ForecastFigures, within: number): number | null {
  const overrides = overridesOf(condition);
  const values = { ...actual };
  for (const point of f.path) {
    if (point.inMin > within) break;
    for (const { name, pick } of overrides) values[name] = pick(point, f);
    if (holds(condition, values)) return point.inMin;
  }
  return null;
}

const LONGEST_HORIZON = Math.max(...Object.values(HORIZONS));

const readsForecast = (rule: Rule) => rule.metrics.some((d) => isForecastMetric(d.name));

/**
 * projectedLevel is the highest level the rules on actual figures (those reading no `forecast.*`)
 * would reach within the hour if the figures ran as forecast, and the first minute they would: the
 * horizons (15, 30, 60 minutes) find the level, the path's minutes its time. `for` is not waited out.
 */
export function projectedLevel(rules: readonly Rule[], metrics: ScopeMetrics): Predicted | null {
  const f = metrics.forecast;
  if (!f) return null;
  let best: Predicted | null = null;
  for (const rule of rules) {
    if (!ruleWatches(rule, metrics.scope) || readsForecast(rule)) continue;
    const actual = readValues(rule.metrics, metrics);
    for (const level of [...ALERT_LEVELS].reverse()) {
      if (best && levelRank(level) < levelRank(best.level)) break;
      const spec = rule.levels[level];
      if (!spec) continue;
      // The path runs in order of minutes, so the first point holding within the longest horizon is the one
      // the shortest horizon that holds at all would find.
      const inMin = firstHolding(spec.when, actual, f, LONGEST_HORIZON);
      if (inMin === null) continue;
      if (!best || levelRank(level) > levelRank(best.level) || inMin < best.inMin) best = { level, inMin };
      break;
    }
  }
  return best;
}

/** annotateLevels writes each forecast scope's projected level into its figures (fresh from a snapshot). */
export function annotateLevels(rules: readonly Rule[], figures: MetricsByScope): void {
  for (const metrics of Object.values(figures)) if (metrics.forecast) metrics.forecast.level = projectedLevel(rules, metrics);
}

/**
 * predictedRise tells whether a rise is an early warning: its condition holds on these figures
 * but not without the `forecast.*` ones. It then says what is predicted — the level the rules on
 * actual figures are heading for when that is as high, else the rule's own level — and in how
 * many minutes (the first minute of the path at which that condition holds).
 */
export function predictedRise(rule: Rule, t: Transition, metrics: ScopeMetrics | undefined): Predicted | null {
  const to = t.to;
  const spec = to === 'normal' ? undefined : rule.levels[to];
  const f = metrics?.forecast;
  if (to === 'normal' || !spec || !f || !metrics || levelRank(to) <= levelRank(t.from)) return null;
  const actual = readValues(rule.metrics, metrics);
  const withoutForecast = Object.fromEntries(Object.entries(actual).map(([name, v]) => [name, isForecastMetric(name) ? null : v]));
  if (holds(spec.when, withoutForecast)) return null;
  if (f.level && levelRank(f.level.level) >= levelRank(to)) return f.level;
  return { level: to, inMin: firstHolding(spec.when, actual, f, HORIZONS['60m']) ?? HORIZONS['60m'] };
}

/** markPredicted adds `predicted` to the transitions that are early warnings. */
export function markPredicted(rules: readonly Rule[], transitions: Transition[], figures: MetricsByScope): Transition[] {
  const byName = new Map(rules.map((r) => [r.name, r]));
  return transitions.map((t) => {
    const rule = byName.get(t.rule);
    const predicted = rule ? predictedRise(rule, t, figures[t.scope]) : null;
    return predicted ? { ...t, predicted } : t;
  });
}
