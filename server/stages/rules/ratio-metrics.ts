/**
 * ratio-metrics: the metrics that are fractions (0.82 = 82 %), so screens and reports show them as
 * percentages, as rule files write them. Free of imports so the wallboard can use it; the rules'
 * metric table (metric-names.ts) must agree, which ratio-metrics.test.ts checks.
 */
const RATIOS: ReadonlySet<string> = new Set([
  'occupancy',
  'serviceLevel',
  'abandonRate',
  'busyRate',
  'attendance.rate',
  'fcr',
  'repeatRate',
  'fcrByRepeat',
  'onTimeRate',
  'connectRate',
  'containmentRate',
  'forecast.serviceLevel',
  'forecast.abandonRate',
  'forecast.accuracy',
]);

/** isRatioMetric: `serviceLevel`, `serviceLevel.5m`, `abandonRate.today`, `occupancy` — true. */
export function isRatioMetric(name: string): boolean {
  return RATIOS.has(name) || RATIOS.has(name.slice(0, Math.max(0, name.lastIndexOf('.'))));
}

/** RATIO_FIELDS: the field names that hold fractions in a scope's figures (`attendance.rate` → `rate`). */
export const RATIO_FIELDS: ReadonlySet<string> = new Set([...RATIOS].map((name) => name.slice(name.lastIndexOf('.') + 1)));
