/**
 * What every scenario gets from the harness: the settings, a Redis key prefix of its own
 * under the run's prefix, a way to start the server (profiled when asked), and progress
 * logging on stderr (the table goes to stdout).
 */
import { join } from 'node:path';
import { BenchServer, type ConfigChange } from './server.js';
import type { Settings } from './settings.js';
import type { Row } from './table.js';

export const RESULTS_DIR = join('loadtest', 'results');

export interface BenchContext {
  settings: Settings;
  /** Unique per run; every Redis key of the run starts with it. */
  runPrefix: string;
  /** A key prefix for one part of a scenario. */
  prefix(part: string): string;
  /** startServer starts a server on its own prefix; `name` names its CPU profile; `config` changes its temp config further. */
  startServer(prefix: string, name: string, config?: ConfigChange[]): Promise<BenchServer>;
  /** spawnServer starts one without waiting for it to be ready (recovery timing starts at the spawn). */
  spawnServer(prefix: string, name: string): Promise<BenchServer>;
  log(message: string): void;
}

export interface ScenarioResult {
  rows: Row[];
  /** Raw figures for the JSON report. */
  details: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export function createContext(settings: Settings, runPrefix: string, stamp: string): BenchContext {
  const serverOptions = (prefix: string, name: string, config?: ConfigChange[]) => ({
    prefix,
    redisUrl: settings.redisUrl,
    ...(config ? { config } : {}),
    ...(settings.profile ? { profileDir: join(RESULTS_DIR, 'profiles', stamp), profileName: name } : {}),
  });
  return {
    settings,
    runPrefix,
    prefix: (part) => `${runPrefix}:${part}`,
    startServer: (prefix, name, config) => BenchServer.start(serverOptions(prefix, name, config)),
    spawnServer: (prefix, name) => BenchServer.spawn(serverOptions(prefix, name)),
    log: (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`),
  };
}
