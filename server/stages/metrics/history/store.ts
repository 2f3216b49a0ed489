/**
 * HistoryStore keeps 1-minute roll-ups of every scope's figures for trends and reports: one
 * small Redis hash per scope and hour, each expiring the retention period after its hour ends,
 * so memory stays bounded without any trimming job.
 *
 * A minute's row is a JSON array of figures; the hash's `names` field lists what the positions
 * mean, so the kept figures can change (a metric added to a report) without misreading older
 * hours. Hours written before `names` existed read by LEGACY_NAMES; a figure an hour never kept
 * reads as null. (Rows written earlier in the hour of an upgrade that changed the kept figures are read
 * by the new names: their first figures are the trends, in the same order, so only those read true.)
 */
import type { Redis } from 'ioredis';
import type { MetricsByScope } from '../types.js';
import type { Keys } from '../../../platform/redis/keys.js';
import { pipelineReplies } from '../../../platform/redis/script.js';
import { METRICS, readValues, type MetricDef } from '../../rules/index.js';
import { REPORT_COUNTS_STORED, REPORT_INSTANTS_STORED } from './report-metrics.js';
import { spansCentres } from './report-scopes.js';

/** The trend figures (named as in rule conditions; window figures read the 15-minute window), in the order hours written before `names` keep them. */
const LEGACY_NAMES = [
  'waiting',
  'longestWaitSec',
  'serviceLevel',
  'serviceLevel.5m',
  'abandonRate',
  'asaSec',
  'ahtSec',
  'offered.5m',
  'arrivalPerMin',
  'agents.staffed',
  'agents.available',
  'occupancy',
  'ewtSec',
  'requiredAgents',
  'staffingGap',
] as const;

const known = (name: string): MetricDef => {
  const def = METRICS.get(name);
  if (!def) throw new Error(`history metric ${name} is not a known metric`);
  return def;
};
const trendDefs = LEGACY_NAMES.map(known);
/** What the traffic curve reads of the forecast made at each slot's start (traffic.ts), on one-centre scopes. */
const FORECAST_KEPT = ['forecast.arrivals.15m', 'forecast.arrivals.30m', 'forecast.arrivals.60m', 'forecast.accuracy'].map(known);
const unique = (defs: MetricDef[]) => [...new Map(defs.map((d) => [d.name, d])).values()];
/**
 * The figures kept: the trends, then what reports read — the instants, and today's running counts
 * on one-centre scopes (a report sums a roll-up's counts from its centres, so roll-ups skip them),
 * and there the forecast the traffic curve draws.
 */
const layout = (defs: MetricDef[]) => ({ defs, names: defs.map((d) => d.name), text: JSON.stringify(defs.map((d) => d.name)) });
const ONE_CENTRE = layout(unique([...trendDefs, ...REPORT_INSTANTS_STORED, ...REPORT_COUNTS_STORED, ...FORECAST_KEPT]));
const ROLL_UP = layout(unique([...trendDefs, ...REPORT_INSTANTS_STORED]));
/** The names `GET /v1/history` answers for. */
export const HISTORY_METRICS: readonly string[] = ONE_CENTRE.names;
const NAMES_FIELD = 'names';

const MINUTE = 60_000;
const HOUR = 3_600_000;

export type HistoryPoint = [at: number, value: number | null];

/** What the positions of an hour's rows hold. */
export interface RowLayout {
  names: readonly string[];
  index: ReadonlyMap<string, number>;
}
const layouts = new Map<string, RowLayout>();
/** layoutOf: the (shared) layout of rows holding these names, in this order. */
export function layoutOf(names: readonly string[]): RowLayout {
  const key = names.join('\n');
  let layout = layouts.get(key);
  if (!layout) layouts.set(key, (layout = { names, index: new Map(names.map((n, i) => [n, i])) }));
  return layout;
}
const LEGACY_LAYOUT = layoutOf(LEGACY_NAMES);

/** One recorded minute of a scope: its start and its row as kept (read figures with valueOf). */
export interface HistorySample {
  at: number;
  row: readonly (number | null)[];
  layout: RowLayout;
}

/** valueOf: a figure of a recorded minute; null when not measured, or not kept then. */
export function valueOf(sample: HistorySample, name: string): number | null {
  const i = sample.layout.index.get(name);
  return i === undefined ? null : (sample.row[i] ?? null);
}

export class HistoryStore {
  private lastMinute = 0;
  /** The newest figures seen: a minute's row is its last tick's figures, so a row stands for the minute's end. */
  private held: { figures: MetricsByScope; asOf: number } | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly retentionSec: number,
  ) {}

  /**
   * record is called on every tick; the first tick of a minute writes the previous tick's figures
   * for the minute that holds. Today's counts are then read just before a midnight resets them,
   * so reports lose no more than one tick's events at the day's end.
   */
  async record(figures: MetricsByScope, asOf: number): Promise<void> {
    const held = this.held;
    this.held = { figures, asOf };
    if (!held) return;
    const minute = Math.floor(held.asOf / MINUTE) * MINUTE;
    if (asOf < minute + MINUTE || minute <= this.lastMinute) return;
    this.lastMinute = minute;
    const hour = Math.floor(minute / HOUR) * HOUR;
    const field = String((minute - hour) / MINUTE);
    const pipeline = this.redis.pipeline();
    for (const [scope, metrics] of Object.entries(held.figures)) {
      const kept = spansCentres(scope) ? ROLL_UP : ONE_CENTRE;
      const values = readValues(kept.defs, metrics);
      const key = this.keys.history(scope, hour);
      pipeline.hset(key, field, JSON.stringify(kept.names.map((name) => values[name] ?? null)), NAMES_FIELD, kept.text);
      // Relative to the figures' own time: an absolute EXPIREAT would trust that Redis and this clock agree.
      pipeline.pexpire(key, hour + HOUR + this.retentionSec * 1000 - held.asOf);
    }
    await pipeline.exec();
  }

  /** query returns one point per recorded minute in [from, to]. */
  async query(scope: string, metric: string, from: number, to: number): Promise<HistoryPoint[]> {
    if (!HISTORY_METRICS.includes(metric)) throw new RangeError(`metric must be one of ${HISTORY_METRICS.join(', ')}`);
    return (await this.samples(scope, from, to)).map((s): HistoryPoint => [s.at, valueOf(s, metric)]);
  }

  /** samples returns every recorded minute of a scope in [from, to], oldest first. */
  async samples(scope: string, from: number, to: number): Promise<HistorySample[]> {
    const hours: number[] = [];
    for (let h = Math.floor(from / HOUR) * HOUR; h <= to; h += HOUR) hours.push(h);
    const pipeline = this.redis.pipeline();
    for (const h of hours) pipeline.hgetall(this.keys.history(scope, h));
    const hashes = await pipelineReplies(pipeline);
    const samples: HistorySample[] = [];
    hours.forEach((h, i) => {
      const { [NAMES_FIELD]: namesText, ...minutes } = (hashes[i] ?? {}) as Record<string, string>;
      const layout = namesText === undefined ? LEGACY_LAYOUT : layoutOf(JSON.parse(namesText) as string[]);
      for (const [field, text] of Object.entries(minutes)) {
        const at = h + Number(field) * MINUTE;
        if (at < from || at > to) continue;
        samples.push({ at, row: JSON.parse(text) as (number | null)[], layout });
      }
    });
    return samples.sort((a, b) => a.at - b.at);
  }
}
