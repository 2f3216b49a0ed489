/**
 * HistoryStore keeps 1-minute roll-ups of every scope's main figures for trends: one
 * small Redis hash per scope and hour (compact, listpack-encoded), each expiring the
 * retention period after its hour ends, so memory stays bounded without any trimming job.
 */
import type { Redis } from 'ioredis';
import type { MetricsByScope } from '../types.js';
import type { Keys } from '../../../platform/redis/keys.js';
import { pipelineReplies } from '../../../platform/redis/script.js';
import { METRICS, readValues, type MetricDef } from '../../rules/index.js';

/** The figures kept, named as in rule conditions (window figures read the 15-minute window). */
export const HISTORY_METRICS = [
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

const DEFS: MetricDef[] = HISTORY_METRICS.map((name) => {
  const def = METRICS.get(name);
  if (!def) throw new Error(`history metric ${name} is not a known metric`);
  return def;
});
const MINUTE = 60_000;
const HOUR = 3_600_000;

export type HistoryPoint = [at: number, value: number | null];

export class HistoryStore {
  private lastMinute = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly retentionSec: number,
  ) {}

  /** record keeps the figures once per minute: the first tick of a minute stands for the minute before. */
  async record(figures: MetricsByScope, asOf: number): Promise<void> {
    const minute = Math.floor(asOf / MINUTE) * MINUTE - MINUTE;
    if (minute <= this.lastMinute) return;
    this.lastMinute = minute;
    const hour = Math.floor(minute / HOUR) * HOUR;
    const field = String((minute - hour) / MINUTE);
    const pipeline = this.redis.pipeline();
    for (const [scope, metrics] of Object.entries(figures)) {
      const values = readValues(DEFS, metrics);
      const key = this.keys.history(scope, hour);
      pipeline.hset(key, field, JSON.stringify(HISTORY_METRICS.map((name) => values[name] ?? null)));
      // Relative to the figures' own time: an absolute EXPIREAT would trust that Redis and this clock agree.
      pipeline.pexpire(key, hour + HOUR + this.retentionSec * 1000 - asOf);
    }
    await pipeline.exec();
  }

  /** query returns one point per recorded minute in [from, to]. */
  async query(scope: string, metric: string, from: number, to: number): Promise<HistoryPoint[]> {
    const index = (HISTORY_METRICS as readonly string[]).indexOf(metric);
    if (index === -1) throw new RangeError(`metric must be one of ${HISTORY_METRICS.join(', ')}`);
    const hours: number[] = [];
    for (let h = Math.floor(from / HOUR) * HOUR; h <= to; h += HOUR) hours.push(h);
    const pipeline = this.redis.pipeline();
    for (const h of hours) pipeline.hgetall(this.keys.history(scope, h));
    const hashes = await pipelineReplies(pipeline);
    const points: HistoryPoint[] = [];
    hours.forEach((h, i) => {
      for (const [field, text] of Object.entries((hashes[i] ?? {}) as Record<string, string>)) {
        const at = h + Number(field) * MINUTE;
        if (at < from || at > to) continue;
        const row = JSON.parse(text) as (number | null)[];
        points.push([at, row[index] ?? null]);
      }
    });
    return points.sort((a, b) => a[0] - b[0]);
  }
}
