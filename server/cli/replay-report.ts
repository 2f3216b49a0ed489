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

/** ReplayProgress hears each phase's progress: reading the file, then stepping the rules. */
export type ReplayProgress = (phase: 'reading events' | 'stepping rules', done: number, total: number) => void;

export function replayReport(
  ndjson: string,
  config: Config,
  options: { at?: number; rules?: Omit<StepContext, 'config'>; onProgress?: ReplayProgress } = {},
): ReplayOutcome {
  const { onProgress } = options;
  const result = replayEvents(ndjson, config, options.at, onProgress && ((done, total) => onProgress('reading events', done, total)));
  const asOf = options.at ?? result.lastTs;
  const summary = { events: result.events.length, duplicates: result.duplicates, skipped: result.problems.length };
  const stepping = onProgress && ((done: number, total: number) => onProgress('stepping rules', done, total));
  const replayed = options.rules ? replay(result.events, { config, ...options.rules }, asOf, stepping) : undefined;
  return { report: { asOf, ...summary, scopes: replaySnapshot(result, asOf), ...replayed }, problems: result.problems, later: result.later };
}
