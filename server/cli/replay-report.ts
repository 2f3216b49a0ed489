/**
 * replayReport is what `surge replay` prints, computed without I/O: the figures of every scope as
 * of `at` (default: the newest event) from the events at or before it, and with rules the
 * transitions, incidents and plan jobs the pipeline step would have produced by then. Replaying
 * a file `at` t gives the same report as replaying the file cut at t (replay-at.property.test.ts).
 */
import type { Config } from '../config/types.js';
import { replay, type Replay } from '../pipeline/replay.js';
import type { StepContext } from '../pipeline/step.js';
import { replayEvents, replaySnapshot, type ReplayProblem } from '../stages/metrics/replay.js';
import type { MetricsByScope } from '../stages/metrics/types.js';

export interface ReplayReport extends Partial<Replay> {
  asOf: number;
  events: number;
  duplicates: number;
  skipped: number;
  scopes: MetricsByScope;
}

export interface ReplayOutcome {
  report: ReplayReport;
  problems: ReplayProblem[];
  /** Valid events after `at`, not applied. */
  later: number;
}

export function replayReport(ndjson: string, config: Config, options: { at?: number; rules?: Omit<StepContext, 'config'> } = {}): ReplayOutcome {
  const result = replayEvents(ndjson, config, options.at);
  const asOf = options.at ?? result.lastTs;
  const summary = { events: result.events.length, duplicates: result.duplicates, skipped: result.problems.length };
  const replayed = options.rules ? replay(result.events, { config, ...options.rules }, asOf) : undefined;
  return { report: { asOf, ...summary, scopes: replaySnapshot(result, asOf), ...replayed }, problems: result.problems, later: result.later };
}
