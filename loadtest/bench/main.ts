/**
 * `npm run bench`: builds the server, runs every scenario against a real server and Redis
 * with its load in separate processes, prints one table (each figure beside its baseline
 * from the same run) and writes it as JSON to loadtest/results/<timestamp>.json.
 *
 *   build ─► consumer decode ─► ingest ─► WAIT acknowledgement ─► Cluster ingest ─► screen latency ─► fan-out ─► alerts ─► crash recovery ─► forecast ─► table + JSON
 *
 * Each scenario starts its own server on its own key prefix and removes its keys after;
 * the run's prefix is swept once more at the end, and on Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { removeKeys } from '../../server/testkit/redis.js';
import { createContext, RESULTS_DIR, type Scenario } from './context.js';
import { describeMachine, machineLine } from './machine.js';
import { alertScenario } from './scenarios/alerts.js';
import { clusterScenario } from './scenarios/cluster.js';
import { decodeScenario } from './scenarios/decode.js';
import { fanoutScenario } from './scenarios/fanout.js';
import { forecastScenario } from './scenarios/forecast.js';
import { ingestScenario } from './scenarios/ingest.js';
import { recoveryScenario } from './scenarios/recovery.js';
import { replicaAckScenario } from './scenarios/replica-ack.js';
import { screenScenario } from './scenarios/screen.js';
import { readSettings } from './settings.js';
import { renderTable, score, type Row } from './table.js';

const SCENARIOS: Scenario[] = [decodeScenario, ingestScenario, replicaAckScenario, clusterScenario, screenScenario, fanoutScenario, alertScenario, recoveryScenario, forecastScenario];

async function main(): Promise<number> {
  const settings = readSettings();
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const runPrefix = `bench:${stamp}:${randomBytes(3).toString('hex')}`;
  const ctx = createContext(settings, runPrefix, stamp);
  const sweep = () => removeKeys(runPrefix, settings.redisUrl);
  process.once('SIGINT', () => {
    ctx.log('interrupted: removing the run\'s Redis keys');
    void sweep().finally(() => process.exit(130));
  });

  build(ctx.log);
  const machine = await describeMachine(settings.redisUrl);
  ctx.log(`${settings.quick ? 'quick run' : 'full run'} on ${machineLine(machine)}; Redis keys under ${runPrefix}`);

  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const scenario of SCENARIOS.filter((s) => !settings.only || settings.only.includes(s.name))) {
    const t0 = performance.now();
    try {
      const result = await scenario.run(ctx);
      rows.push(...result.rows);
      details[scenario.name] = result.details;
    } catch (err) {
      ctx.log(`${scenario.name} failed: ${(err as Error).stack ?? String(err)}`);
      rows.push({ scenario: scenario.name, figure: 'scenario', unit: '', value: null, invalid: (err as Error).message.split('\n')[0] });
    }
    ctx.log(`${scenario.name} took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await sweep();

  const scored = rows.map(score);
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  process.stdout.write(`\nSurge Control benchmark, ${started.toISOString()} (${seconds} s${settings.quick ? ', BENCH_QUICK' : ''})\n${machineLine(machine)}\n\n${renderTable(scored)}\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${stamp}.json`);
  writeFileSync(file, `${JSON.stringify({ startedAt: started.toISOString(), seconds, machine, settings, rows: scored, details }, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
  return scored.some((r) => r.pass === false) ? 1 : 0;
}

/**
 * build compiles the server (bundled into dist/surge) and the load processes (they run from dist/). Type errors in a
 * file the benchmark does not run should not stop it, so it goes on, with a warning, as
 * long as the compiler wrote what is needed.
 */
function build(log: (message: string) => void): void {
  log('npm run build:server');
  const result = spawnSync('npm', ['run', '--silent', 'build:server'], { encoding: 'utf8' });
  const needed = [join('dist', 'surge', 'main.js'), join('dist', 'loadtest', 'load', 'ingest.js')];
  if (result.status !== 0) {
    // The bundle (what the server runs) is made from what tsc wrote, which it does despite type errors.
    if (existsSync(join('dist', 'server', 'cli', 'main.js'))) spawnSync('node', [join('scripts', 'bundle-server.mjs')], { stdio: 'inherit' });
    const missing = needed.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new Error(`build failed and ${missing.join(', ')} is missing:\n${result.stdout}${result.stderr}`);
    log(`warning: the build reported errors (carrying on with what it wrote):\n${result.stdout}${result.stderr}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  },
);
