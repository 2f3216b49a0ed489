/**
 * replayEvents runs a recorded event file through the same metrics engine the server
 * uses, on the events' own clock: the offline twin of the live pipeline.
 */
import type { Config } from '../../config/types.js';
import { decodeBatch } from '../ingest/decode.js';
import { topologyOf } from '../ingest/topology.js';
import { validateEvent } from '../ingest/validate.js';
import type { CanonicalEvent } from '../ingest/contract.js';
import { MetricsEngine, type EngineConfig } from './engine.js';
import type { MetricsByScope } from './types.js';

export interface ReplayProblem {
  line: number;
  error: string;
}

export interface ReplayResult {
  engine: MetricsEngine;
  events: CanonicalEvent[];
  duplicates: number;
  problems: ReplayProblem[];
  /** The newest event time, the default instant to report at. */
  lastTs: number;
  /** Valid events after `until`, left out as if the file ended there. */
  later: number;
}

/**
 * replayEvents applies every valid event in file order with `ts` at or before `until` (default:
 * all); ids seen before count as duplicates, as the server would. An event after `until` is left
 * out entirely, duplicates check included, so the result is that of the file cut at `until`.
 * `onProgress` hears how many lines of how many are done, for a progress line.
 */
export function replayEvents(
  ndjson: string,
  config: EngineConfig & Pick<Config, 'ingest'>,
  until = Infinity,
  onProgress?: (done: number, total: number) => void,
): ReplayResult {
  const engine = new MetricsEngine(config);
  const topology = topologyOf(config);
  const seen = new Set<string>();
  const problems: ReplayProblem[] = [];
  const events: CanonicalEvent[] = [];
  let duplicates = 0;
  let later = 0;
  let lastTs = 0;
  const items = decodeBatch(ndjson, true);
  for (const item of items) {
    onProgress?.(item.index, items.length);
    const line = item.line ?? item.index + 1;
    if (item.error) {
      problems.push({ line, error: item.error });
      continue;
    }
    const checked = validateEvent(item.value, topology, { maxAgeSec: config.ingest.maxAgeSec, maxFutureSkewSec: config.ingest.maxFutureSkewSec });
    if (!checked.ok) {
      problems.push({ line, error: checked.error });
      continue;
    }
    if (checked.event.ts > until) {
      later++;
      continue;
    }
    const key = `${checked.event.centre}\u0000${checked.event.id}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    engine.apply(checked.event);
    events.push(checked.event);
    lastTs = Math.max(lastTs, checked.event.ts);
  }
  return { engine, events, duplicates, problems, lastTs, later };
}

/** replaySnapshot prunes and reads the figures at `at`, as a live step at that time would. */
export function replaySnapshot(result: ReplayResult, at?: number): MetricsByScope {
  const now = at ?? result.lastTs;
  result.engine.prune(now);
  return result.engine.snapshot(now);
}
