/**
 * startSimulator drives the ingest API with simulated traffic exactly as a CTI bridge would:
 * every tick it advances the simulation to the (warped) wall clock and POSTs the new events
 * as NDJSON. A batch the server could not take (503, network) is retried unchanged with
 * backoff until it goes through — event ids make that idempotent — so nothing is dropped.
 *
 *   wall clock ─► toSim ─► simulation.advance ─► warpEvent ─► pending lines ─► POST batches
 *                                           Heartbeats (quiet centres) ─┘
 *
 * Every event names `simulator` as its source; a centre with nothing to report for 15 s (wall
 * clock) gets a `source.heartbeat`, as a real bridge's would on a quiet night.
 */
import { pino } from 'pino';
import type { Config } from '../config/types.js';
import type { Logger } from '../platform/log/log.js';
import { MAX_BATCH_EVENTS, postBatch, takeBatch } from '../stages/ingest/client.js';
import { Heartbeats, HEARTBEAT_EVERY_MS } from '../stages/ingest/heartbeats.js';
import type { ScenarioName } from './scenarios.js';
import { createSimulation, runIdOf } from './simulation.js';
import { toSim, warpEvent } from './timewarp.js';

export const DEFAULT_SEED = 1;
/** The source every simulated event names. */
export const SIMULATOR_SOURCE = 'simulator';

export interface SimulatorOptions {
  config: Pick<Config, 'centres'>;
  scenario: ScenarioName;
  /** Server base URL, e.g. http://127.0.0.1:8080. */
  target: string;
  /** Bearer token with the `ingest` role. */
  token: string;
  /** Simulated seconds per wall-clock second (default 1). */
  speed?: number;
  seed?: number;
  /** Simulated start (sets the time of day); defaults to now. Events are stamped near now regardless. */
  startMs?: number;
  /** Normal traffic simulated before the start and sent first, stamped in the past (default 0). */
  warmUpSec?: number;
  /** Simulated seconds to run; runs until stopped when absent. */
  durationSec?: number;
  load?: number;
  logger?: Logger;
  /** How often new events are sent (default 200 ms). */
  tickMs?: number;
  /** Retry delays: doubling from firstMs up to maxMs. */
  backoff?: { firstMs: number; maxMs: number };
  /** How long stop() keeps trying to deliver what is left (default 5 s). */
  stopTimeoutMs?: number;
  /** A centre sent nothing for this long (wall clock) gets a `source.heartbeat` (default 15 s). */
  heartbeatEveryMs?: number;
  clock?: () => number;
}

/** What a run did; `unsent` events were still undelivered when it stopped. */
export interface SimulatorSummary {
  runId: string;
  generated: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  refused: number;
  unsent: number;
  fatal?: string;
}

export interface RunningSimulator {
  /** Settles when the run ends: duration reached, stopped, or a fatal answer (401/403). */
  readonly done: Promise<SimulatorSummary>;
  /** stop ends the run, delivering what is pending within stopTimeoutMs. */
  stop(): Promise<SimulatorSummary>;
}

/** startSimulator starts a run in the background and returns its handle. */
export function startSimulator(options: SimulatorOptions): RunningSimulator {
  const { config, scenario, target, token } = options;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a number > 0');
  const clock = options.clock ?? Date.now;
  const tickMs = options.tickMs ?? 200;
  const backoff = options.backoff ?? { firstMs: 250, maxMs: 5000 };
  const log = options.logger ?? pino({ level: 'silent' });
  const wallStartMs = clock();
  const warp = { simStartMs: options.startMs ?? wallStartMs, wallStartMs, speed };
  const seed = options.seed ?? DEFAULT_SEED;
  // Named by the wall-clock start, not the simulated one: its events are stamped on the real clock, so a run restarted
  // on the same simulated stretch (the demo day starts at the same hour all day) sends new events, which ingest would
  // otherwise drop as duplicates of the last run's (the wall saying NO DATA for as long as that run had lasted).
  const runId = runIdOf(seed, wallStartMs);
  const sim = createSimulation({ config, scenario, seed, startMs: warp.simStartMs, warmUpMs: (options.warmUpSec ?? 0) * 1000, load: options.load, runId });
  const endSim = options.durationSec === undefined ? Infinity : warp.simStartMs + options.durationSec * 1000;
  const heartbeats = new Heartbeats(SIMULATOR_SOURCE, options.heartbeatEveryMs ?? HEARTBEAT_EVERY_MS, wallStartMs);
  const centres = config.centres.map((c) => c.id);

  const summary: SimulatorSummary = { runId: sim.runId, generated: 0, accepted: 0, duplicates: 0, rejected: 0, refused: 0, unsent: 0 };
  const pending: string[] = [];
  const wake = new AbortController();
  const giveUp = new AbortController();
  let stopping = false;
  let batchLimit = Infinity;

  // flush sends everything pending; it returns early only on a fatal answer or when giving up.
  const flush = async (): Promise<void> => {
    let failures = 0;
    while (pending.length > 0 && !giveUp.signal.aborted) {
      const n = takeBatch(pending, Math.min(batchLimit, MAX_BATCH_EVENTS));
      const result = await postBatch(target, token, pending.slice(0, n), giveUp.signal);
      if (result.verdict === 'done') {
        if (failures > 0) log.info({ attempts: failures + 1 }, 'ingest reachable again; batch delivered');
        failures = 0;
        pending.splice(0, n);
        summary.accepted += result.accepted;
        summary.duplicates += result.duplicates;
        summary.rejected += result.rejectedCount;
        if (result.rejectedCount > 0) log.warn({ rejected: result.rejectedCount, first: result.rejected.slice(0, 5) }, 'server rejected events');
      } else if (result.verdict === 'retry') {
        failures++;
        const delayMs = Math.min(backoff.maxMs, backoff.firstMs * 2 ** (failures - 1));
        log.warn({ status: result.status, error: result.error, events: n, attempt: failures, retryInMs: delayMs }, 'ingest unavailable; will retry the batch');
        await sleep(delayMs, giveUp.signal);
      } else if (result.verdict === 'split' && n > 1) {
        batchLimit = Math.ceil(n / 2);
        log.warn({ events: n, batchLimit }, 'batch too large for the server; splitting');
      } else if (result.verdict === 'fatal') {
        summary.fatal = `${result.status}: ${result.error}`;
        log.error({ status: result.status, error: result.error }, 'ingest refused the credentials; simulator stops');
        return;
      } else {
        pending.splice(0, n);
        summary.refused += n;
        log.error({ status: result.status, error: result.error, events: n }, 'ingest refused a batch; its events are lost');
      }
    }
  };

  const run = async (): Promise<SimulatorSummary> => {
    log.info({ scenario, speed, seed, runId: sim.runId, target }, 'simulator started');
    for (;;) {
      const tickAt = clock();
      const simNow = Math.min(toSim(warp, tickAt), endSim);
      const events = sim.advance(simNow).map((event) => ({ ...warpEvent(event, warp), source: SIMULATOR_SOURCE }));
      heartbeats.sent(events, tickAt);
      const quiet = heartbeats.due(centres, tickAt);
      summary.generated += events.length + quiet.length;
      for (const event of [...events, ...quiet]) pending.push(JSON.stringify(event));
      await flush();
      if (summary.fatal || stopping || simNow >= endSim) break;
      await sleep(tickMs - (clock() - tickAt), wake.signal);
    }
    summary.unsent = pending.length;
    log.info(summary, 'simulator stopped');
    return summary;
  };

  const done = run();
  return {
    done,
    stop() {
      if (!stopping) {
        stopping = true;
        wake.abort();
        const timer = setTimeout(() => giveUp.abort(), options.stopTimeoutMs ?? 5000);
        void done.finally(() => clearTimeout(timer));
      }
      return done;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const finish = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    signal.addEventListener('abort', finish, { once: true });
  });
}
