/**
 * The `forecast.*` names rule conditions can read (server/stages/rules/metric-names.ts lists them
 * with the rest). Every one is null while a scope has no forecast: no alert on no data.
 *
 *   forecast.arrivals.15m|30m|60m        contacts expected
 *   forecast.serviceLevel.15m|30m|60m    predicted service level with the agents in place now
 *   forecast.abandonRate.15m|30m|60m     predicted share hanging up
 *   forecast.waitSec.15m|30m|60m         predicted mean wait
 *   forecast.waiting.15m|30m|60m         predicted contacts in queue (on average)
 *   forecast.ahtSec, forecast.patienceSec, forecast.accuracy (wMAPE of today's 15-minute arrivals)
 */
import type { MetricDef, MetricUnit } from '../../rules/metric-names.js';
import { HORIZONS } from './figures.js';

const BY_HORIZON: ReadonlyArray<[string, MetricUnit]> = [
  ['arrivals', 'count'],
  ['serviceLevel', 'ratio'],
  ['abandonRate', 'ratio'],
  ['waitSec', 'seconds'],
  ['waiting', 'count'],
];

export const FORECAST_METRICS: MetricDef[] = [
  ...BY_HORIZON.flatMap(([figure, unit]) => Object.keys(HORIZONS).map((h): MetricDef => ({ name: `forecast.${figure}.${h}`, unit, path: ['forecast', figure, h], nullable: true }))),
  { name: 'forecast.ahtSec', unit: 'seconds', path: ['forecast', 'ahtSec'], nullable: true },
  { name: 'forecast.patienceSec', unit: 'seconds', path: ['forecast', 'patienceSec'], nullable: true },
  { name: 'forecast.accuracy', unit: 'ratio', path: ['forecast', 'accuracy'], nullable: true },
];

/** forecastNameHint explains a `forecast.<figure>.<horizon>` name with a horizon that does not exist, else null. */
export function forecastNameHint(name: string): string | null {
  const match = /^forecast\.([A-Za-z]+)(?:\.(.*))?$/.exec(name);
  if (!match || !BY_HORIZON.some(([f]) => f === match[1])) return null;
  return `"forecast.${match[1]}" needs a horizon: ${Object.keys(HORIZONS).map((h) => `forecast.${match[1]}.${h}`).join(', ')}`;
}

/** isForecastMetric: a name the forecast answers (the early warning tells predicted rises by them). */
export function isForecastMetric(name: string): boolean {
  return name.startsWith('forecast.');
}
