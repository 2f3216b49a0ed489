/**
 * recordTraffic writes simulated traffic as NDJSON, as fast as the sink takes it, with the
 * simulated timestamps as they are: the material for replay fixtures and offline tests.
 */
import { createSimulation, type SimulationOptions } from './simulation.js';

// Traffic is generated a simulated minute at a time, so memory stays flat for long recordings.
const STEP_MS = 60_000;

/** What a recording wrote. */
export interface Recording {
  runId: string;
  events: number;
}

/**
 * recordTraffic generates `durationSec` of traffic from `startMs` and hands it to `write` in chunks
 * of lines; `onProgress` hears how many simulated milliseconds of how many are done.
 */
export async function recordTraffic(
  options: SimulationOptions & { durationSec: number },
  write: (chunk: string) => Promise<void>,
  onProgress?: (doneMs: number, totalMs: number) => void,
): Promise<Recording> {
  const sim = createSimulation(options);
  const end = options.startMs + options.durationSec * 1000;
  let events = 0;
  for (let t = options.startMs; t < end; ) {
    t = Math.min(end, t + STEP_MS);
    const batch = sim.advance(t);
    events += batch.length;
    if (batch.length > 0) await write(batch.map((e) => `${JSON.stringify(e)}\n`).join(''));
    onProgress?.(t - options.startMs, end - options.startMs);
  }
  return { runId: sim.runId, events };
}
