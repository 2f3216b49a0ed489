/**
 * The metric names a condition can use, resolved against ScopeMetrics (server/stages/metrics/types.ts).
 *
 *   instant    waiting, longestWaitSec, occupancy, ewtSec, requiredAgents, staffingGap,
 *              agents.staffed|available|onContact|acw|aux, agents.<seat type>.<same> (e.g. agents.home.available),
 *              ivr.idle|inCall|error|worstPortErrors|failingPorts, faults.info|minor|major|critical,
 *              sourceSilentSec (seconds since the centre's last event; null outside its opening hours),
 *              ivr.callsNow|peakToday, backlog.open|overdue|complaintsOpen,
 *              attendance.scheduled|present|rate, busyRate
 *   forecast   forecast.serviceLevel.15m and the rest of server/stages/metrics/forecast/metric-names.ts
 *   windowed   serviceLevel, abandonRate, asaSec, ahtSec, offered, answered, abandoned, shortAbandoned,
 *              transferredOut, answeredWithinThreshold, arrivalPerMin, and the director's panorama
 *              (PANORAMA below: fcr, repeatRate, onTimeRate, containmentRate, costPerContact, …)
 *
 * A windowed name alone reads the 15-minute window; a suffix picks another: `serviceLevel.5m`,
 * `abandonRate.today` (`.15m` is the same as no suffix).
 */
import { SEAT_TYPES, FAULT_SEVERITIES } from '../ingest/contract.js';
import type { ScopeMetrics } from '../metrics/types.js';
import { WINDOWS } from '../metrics/types.js';
import { MONEY_COUNTS, PANORAMA_COUNTS, QUEUE_COUNTS } from '../metrics/counters.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import { FORECAST_METRICS, forecastNameHint } from '../metrics/forecast/metric-names.js';

/** MetricUnit is what a figure measures; comparisons check that literals and metrics agree on it. */
export type MetricUnit = 'count' | 'ratio' | 'seconds' | 'perMinute' | 'money';

/** MetricDef is one name a condition can use: its unit and where it lives in ScopeMetrics. */
export interface MetricDef {
  name: string;
  unit: MetricUnit;
  path: readonly string[];
  /** Null when not measured yet; otherwise a missing figure reads as 0 (e.g. no faults of a severity). */
  nullable: boolean;
}

// The window a windowed name reads when it has no suffix.
const DEFAULT_WINDOW = '15m';

const AGENT_FIGURES = ['staffed', 'available', 'onContact', 'acw', 'aux'] as const;

const INSTANT: MetricDef[] = [
  { name: 'waiting', unit: 'count', path: ['waiting'], nullable: false },
  { name: 'longestWaitSec', unit: 'seconds', path: ['longestWaitSec'], nullable: false },
  { name: 'occupancy', unit: 'ratio', path: ['occupancy'], nullable: true },
  { name: 'ewtSec', unit: 'seconds', path: ['ewtSec'], nullable: true },
  { name: 'requiredAgents', unit: 'count', path: ['requiredAgents'], nullable: true },
  { name: 'staffingGap', unit: 'count', path: ['staffingGap'], nullable: true },
  ...AGENT_FIGURES.map((f): MetricDef => ({ name: `agents.${f}`, unit: 'count', path: ['agents', f], nullable: false })),
  ...SEAT_TYPES.flatMap((seat) =>
    AGENT_FIGURES.map((f): MetricDef => ({ name: `agents.${seat}.${f}`, unit: 'count', path: ['agents', 'bySeatType', seat, f], nullable: false })),
  ),
  ...(['idle', 'inCall', 'error', 'worstPortErrors', 'failingPorts', 'callsNow', 'peakToday'] as const).map((s): MetricDef => ({ name: `ivr.${s}`, unit: 'count', path: ['ivr', s], nullable: false })),
  ...(['open', 'overdue', 'complaintsOpen'] as const).map((s): MetricDef => ({ name: `backlog.${s}`, unit: 'count', path: ['backlog', s], nullable: false })),
  ...(['scheduled', 'present'] as const).map((s): MetricDef => ({ name: `attendance.${s}`, unit: 'count', path: ['attendance', s], nullable: false })),
  { name: 'attendance.rate', unit: 'ratio', path: ['attendance', 'rate'], nullable: true },
  { name: 'busyRate', unit: 'ratio', path: ['busyRate'], nullable: true },
  ...FAULT_SEVERITIES.map((s): MetricDef => ({ name: `faults.${s}`, unit: 'count', path: ['faults', s], nullable: false })),
  { name: 'sourceSilentSec', unit: 'seconds', path: ['sourceSilentSec'], nullable: true },
];

// The director's panorama ratios per window (docs/metrics.md): fractions, null without a denominator.
const PANORAMA_RATIOS = ['fcr', 'repeatRate', 'fcrByRepeat', 'onTimeRate', 'connectRate', 'containmentRate'] as const;

const WINDOWED: ReadonlyArray<[string, MetricUnit, boolean]> = [
  ['serviceLevel', 'ratio', true],
  ['abandonRate', 'ratio', true],
  ['asaSec', 'seconds', true],
  ['ahtSec', 'seconds', true],
  ...QUEUE_COUNTS.map((name): [string, MetricUnit, boolean] => [name, 'count', false]),
  ['answeredWithinThreshold', 'count', false],
  ['arrivalPerMin', 'perMinute', false],
  ...PANORAMA_COUNTS.map((name): [string, MetricUnit, boolean] => [name, 'count', false]),
  ...PANORAMA_RATIOS.map((name): [string, MetricUnit, boolean] => [name, 'ratio', true]),
  ...MONEY_COUNTS.map((name): [string, MetricUnit, boolean] => [name, 'money', false]),
  ['costPerContact', 'money', true],
];

const WINDOWED_DEFS: MetricDef[] = WINDOWED.flatMap(([name, unit, nullable]) => [
  { name, unit, path: ['windows', DEFAULT_WINDOW, name], nullable },
  ...WINDOWS.map((w): MetricDef => ({ name: `${name}.${w}`, unit, path: ['windows', w, name], nullable })),
]);

/** METRICS maps every usable name to its definition. */
export const METRICS: ReadonlyMap<string, MetricDef> = new Map([...INSTANT, ...WINDOWED_DEFS, ...FORECAST_METRICS].map((d) => [d.name, d]));

/** readMetric reads one figure; null means not measured (or missing from a malformed snapshot). */
export function readMetric(def: MetricDef, metrics: ScopeMetrics): number | null {
  let node: unknown = metrics;
  for (const key of def.path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  if (typeof node === 'number') return node;
  return def.nullable || node === null ? null : 0;
}

/** unknownMetricMessage explains why a name is not a metric, with the nearest real one. */
export function unknownMetricMessage(name: string): string {
  const dot = name.lastIndexOf('.');
  const [base, suffix] = dot < 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot + 1)];
  if (suffix && WINDOWED.some(([n]) => n === base)) {
    return `unknown window "${suffix}" in "${name}" (windows: ${WINDOWS.join(', ')})`;
  }
  if ((WINDOWS as readonly string[]).includes(suffix) && METRICS.has(base)) {
    return `"${base}" is an instant figure and takes no window ("${name}")`;
  }
  const hint = forecastNameHint(name);
  if (hint) return `unknown metric "${name}": ${hint}`;
  return `unknown metric "${name}"${didYouMean(name, METRICS.keys())}`;
}
