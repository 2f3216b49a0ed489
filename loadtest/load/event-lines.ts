/**
 * Event lines for load: realistic canonical events from the seeded simulator, as the NDJSON
 * lines a CTI bridge would send.
 *
 * - `LineMaker` cycles a pool of simulated events for as long as a run lasts, giving each
 *   line a fresh id (so the server's dedup never shortcuts the work) and the current time.
 * - `simulatedEvents` is one exact, reproducible stretch of traffic (crash recovery fills the
 *   stream with it and checks the restarted server against the same events).
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../server/config/load.js';
import type { Config } from '../../server/config/types.js';
import type { CanonicalEvent } from '../../server/stages/ingest/contract.js';
import { createSimulation } from '../../server/simulator/simulation.js';

/** The shipped topology (three centres, ten queues) and ingest settings. Paths are relative to the project root (the cwd). */
export function shippedCentres(): Pick<Config, 'centres' | 'ingest'> {
  return parseConfig(readFileSync('surge.config.yaml', 'utf8'), 'surge.config.yaml', { SURGE_SIMULATE: 'off' });
}

/** An event without its id and ts: `"type":…}` — the tail of a line. */
interface Template {
  centre: string;
  tail: string;
}

export interface LineBatch {
  lines: string[];
  /** The centre of each line (which stream it belongs to). */
  centres: string[];
  /** The event id of each line (what ingest deduplicates by). */
  ids: string[];
}

const POOL_HOURS = 1;
const SIMULATED_HOURS = 2;
// Load factor 10 gives about 125,000 events per simulated hour: enough variety to cycle through.
const POOL_LOAD = 10;

export class LineMaker {
  private readonly pool: Template[];
  private next = 0;
  private made = 0;

  /** `tag` makes ids unique across load processes and runs. */
  constructor(
    private readonly tag: string,
    seed: number,
  ) {
    const end = Date.now();
    const sim = createSimulation({ config: shippedCentres(), scenario: 'normal', seed, startMs: end - POOL_HOURS * 3_600_000, load: POOL_LOAD });
    this.pool = sim.advance(end).map((event) => {
      const { id: _id, ts: _ts, ...rest } = event;
      return { centre: event.centre, tail: JSON.stringify(rest).slice(1) };
    });
  }

  /** batch makes `n` lines stamped `now`. */
  batch(n: number, now = Date.now()): LineBatch {
    const lines = new Array<string>(n);
    const centres = new Array<string>(n);
    const ids = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const template = this.pool[this.next]!;
      this.next = (this.next + 1) % this.pool.length;
      ids[i] = `${this.tag}-${this.made++}`;
      lines[i] = `{"id":"${ids[i]}","ts":${now},${template.tail}`;
      centres[i] = template.centre;
    }
    return { lines, centres, ids };
  }
}

/**
 * simulatedEvents returns `count` events of a seeded run ending at `endMs`: two hours of
 * traffic, at whatever load gives that many events at this time of day (it retries once,
 * scaled, when the night is too quiet), so the same arguments always give the same events.
 */
export function simulatedEvents(seed: number, endMs: number, count: number): CanonicalEvent[] {
  const startMs = endMs - SIMULATED_HOURS * 3_600_000;
  let load = count / 20_000;
  for (;;) {
    const sim = createSimulation({ config: shippedCentres(), scenario: 'normal', seed, startMs, load });
    const out: CanonicalEvent[] = [];
    // A simulated minute at a time, so a long run never builds one huge array.
    for (let t = startMs; t < endMs && out.length < count; ) {
      t = Math.min(endMs, t + 60_000);
      for (const event of sim.advance(t)) out.push(event);
    }
    if (out.length >= count) return out.slice(0, count);
    load *= (1.2 * count) / Math.max(out.length, 1);
  }
}
