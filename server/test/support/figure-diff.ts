/** Comparing committed figures with `surge replay`'s, for the tests that run pipeline partitions. */
import type { MetricsByScope } from '../../stages/metrics/types.js';

/** withoutAsOf drops what a replay cannot match: each scope's asOf, source silence, and (the replay runs without rules) the level a forecast would reach. */
export const withoutAsOf = (scopes: MetricsByScope) =>
  Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, { ...v, asOf: 0, sourceSilentSec: undefined, ...(v.forecast ? { forecast: { ...v.forecast, level: null } } : {}) }]));

/** differences lists the leaf paths where two JSON values differ, with both values. */
export function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return [`${path}: live ${JSON.stringify(a)}, replay ${JSON.stringify(b)}`];
}
