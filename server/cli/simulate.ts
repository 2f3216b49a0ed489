/**
 * `surge simulate`: simulated contact-centre traffic, either driven into a server's ingest
 * API over HTTP as a CTI bridge would, or written to an NDJSON file for replay fixtures.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { startSimulator, DEFAULT_SEED } from '../simulator/driver.js';
import { recordTraffic } from '../simulator/record.js';
import { OUTAGE, SCENARIOS, SURGE, type ScenarioName } from '../simulator/scenarios.js';
import { configFile, ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { parseTimestamp } from '../stages/ingest/validate.js';
import { createLogger } from '../platform/log/log.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';
import { progressLine } from './progress.js';

const USAGE = `surge simulate --scenario <${SCENARIOS.join('|')}> [--speed N] [--duration S] [--seed n] [--start <ISO|ms>] [--load x] [--config file] --target <url> --token <t>
       surge simulate --scenario <${SCENARIOS.join('|')}> --out <file.ndjson> --duration S [--start <ISO|ms>] [--seed n] [--load x] [--config file]`;

const MINUTE = 60_000;

const HELP = `usage: ${USAGE}

  --scenario <name>   normal; surge (the first centre's calls and chats step up ${SURGE.steps.filter((s) => s.factor > 1).map((s) => `${s.factor}×`).join(', ')}
                      over ${SURGE.steps.at(-1)!.atMs / MINUTE} minutes, then back to 1×, every ${SURGE.cycleMs / MINUTE} minutes); outage (the first centre
                      loses ${OUTAGE.share * 100} % of its agents for ${OUTAGE.lastsMs / MINUTE} of every ${OUTAGE.cycleMs / MINUTE} minutes)
  --speed N           N simulated seconds per real second, up to 3600; timestamps stay on the real clock (default 1)
  --duration S        simulated seconds to run (default: until Ctrl-C); required with --out
  --seed n            seed of the random draws, 0–4294967295 (default ${DEFAULT_SEED}): same seed, same traffic
  --start <ISO|ms>    simulated start time, which sets the time of day (default: now)
  --load x            multiply every queue's traffic and staffing, up to 20 (default 1)
  --config file       config naming the centres and queues (default: $SURGE_CONFIG or surge.config.yaml)
  --target <url>      server base URL; events are POSTed to <url>/v1/events
  --token <t>         bearer token with the ingest role
  --out <file>        write NDJSON to a file as fast as possible instead of sending it
`;

const MAX_SPEED = 3600;
const MAX_LOAD = 20;

const OPTIONS = {
  scenario: { type: 'string' },
  speed: { type: 'string' },
  duration: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  load: { type: 'string' },
  config: { type: 'string' },
  target: { type: 'string' },
  token: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** run is the command's entry point; it returns the exit code. */
export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values: v, positionals } = parseCommandArgs('simulate', args, OPTIONS, USAGE);
    if (v.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 0) usage(`unexpected argument "${positionals[0]}"`);
    if (v.scenario === undefined) usage('--scenario is required');
    if (!(SCENARIOS as readonly string[]).includes(v.scenario)) usage(`--scenario must be one of ${SCENARIOS.join(', ')}`);
    const scenario = v.scenario as ScenarioName;
    const durationSec = v.duration === undefined ? undefined : positive('duration', v.duration);
    const seed = v.seed === undefined ? DEFAULT_SEED : seedOf(v.seed);
    const startMs = v.start === undefined ? undefined : startOf(v.start);
    // Caps keep a typo from asking for millions of agents or days of traffic per tick.
    const load = v.load === undefined ? undefined : positive('load', v.load, MAX_LOAD);

    if (v.out !== undefined) {
      if (durationSec === undefined) usage('--out needs --duration');
      for (const name of ['speed', 'target', 'token'] as const) if (v[name] !== undefined) usage(`--${name} has no meaning with --out`);
      const config = configOrExit(v.config);
      if (!config) return 2;
      return record(v.out, { config, scenario, seed, startMs: startMs ?? Date.now(), durationSec, load });
    }

    if (v.target === undefined) usage('--target is required (or --out to write a file)');
    if (v.token === undefined) usage('--token is required');
    if (!/^https?:\/\/[^/]/.test(v.target) || !URL.canParse(v.target)) usage(`--target must be an http(s) URL, not "${v.target}"`);
    const speed = v.speed === undefined ? 1 : positive('speed', v.speed, MAX_SPEED);
    const config = configOrExit(v.config);
    if (!config) return 2;
    const logger = createLogger().child({ module: 'simulator' });
    const simulator = startSimulator({ config, scenario, target: v.target, token: v.token, speed, seed, startMs, durationSec, load, logger });
    const stop = () => void simulator.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const summary = await simulator.done;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // Exit 1 when any event did not reach the server, so scripts notice.
    return summary.fatal || summary.unsent > 0 || summary.refused > 0 ? 1 : 0;
  });
}

async function record(file: string, options: Parameters<typeof recordTraffic>[0]): Promise<number> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([err]) => err as Error);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };
  const line = progressLine();
  const recording = recordTraffic(options, write, (done, total) => line.show(`surge simulate: writing ${file}`, done, total));
  try {
    const written = await Promise.race([recording, failed.then((err) => Promise.reject(err))]).finally(() => line.end());
    out.end();
    await Promise.race([once(out, 'finish'), failed.then((err) => Promise.reject(err))]);
    process.stderr.write(`surge simulate: wrote ${written.events} events (run ${written.runId}) to ${file}\n`);
    return 0;
  } catch (err) {
    out.destroy();
    process.stderr.write(`surge simulate: cannot write ${file}: ${(err as Error).message}\n`);
    return 1;
  }
}

function configOrExit(file: string | undefined): Config | undefined {
  try {
    return loadConfig(file ?? configFile());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`surge simulate: ${err.message}\n`);
    return undefined;
  }
}

function positive(name: string, raw: string, max = Number.POSITIVE_INFINITY): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    usage(`--${name} must be a number > 0${max < Infinity ? ` and at most ${max}` : ''}, not "${raw}"`);
  }
  return value;
}

function seedOf(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 0xffffffff) usage(`--seed must be a whole number 0–4294967295, not "${raw}"`);
  return value;
}

function startOf(raw: string): number {
  const value = /^\d+$/.test(raw) ? parseTimestamp(Number(raw)) : parseTimestamp(raw);
  if (value === undefined) usage(`--start must be epoch milliseconds or an ISO-8601 time with a zone, not "${raw}"`);
  return value;
}

function usage(message: string): never {
  throw new UsageError(`surge simulate: ${message}\nusage: ${USAGE}`);
}
