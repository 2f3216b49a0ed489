/**
 * `surge start`: the server, and (unless SURGE_SIMULATE=off) the traffic simulator
 * posting to it over HTTP like a CTI bridge, so the screens come alive at once. The simulator
 * plays a demo day (simulator/demo-day.ts): a busy morning whatever the machine's clock says.
 * SURGE_LEASE_TTL_MS shortens the pipeline lease (default 3000), as the fault tests do.
 * `--private-redis` runs a private in-memory redis-server even when one answers on 6379.
 *
 * SIGTERM, SIGINT or SIGHUP stops it in order: the simulator, the server (see startServer's stop),
 * then the private Redis, if any. Later signals are ignored (`npm start` passes on the
 * terminal's Ctrl-C, so it arrives twice); a stop stuck past FORCE_EXIT_MS exits with 1.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConfigError, configFile, loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { createLogger } from '../platform/log/log.js';
import { PlanFileError } from '../stages/plans/executor/plan-files.js';
import { startServer } from '../main.js';
import { describeUws, UwsEmulationRefused, type UwsBackend } from '../platform/http/uws-backend.js';
import { ensureRedis, NoRedisError } from '../platform/redis/private.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';

const USAGE = 'surge start [--config surge.config.yaml] [--port N] [--private-redis]';
const FORCE_EXIT_MS = 10_000;

export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values } = parseCommandArgs('start', args, { config: { type: 'string' }, port: { type: 'string' }, 'private-redis': { type: 'boolean' }, help: { type: 'boolean' } }, USAGE);
    if (values.help) {
      process.stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }
    const env = { ...process.env, ...(values.port ? { PORT: values.port } : {}) };
    let config: Config;
    try {
      config = loadConfig(values.config ?? configFile(env), env);
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`surge: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const logger = createLogger();
    let redis;
    try {
      redis = await ensureRedis(config.redis.url, Boolean(process.env.REDIS_URL), values['private-redis']);
    } catch (err) {
      if (err instanceof NoRedisError) {
        process.stderr.write(`surge: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    if (redis.stop) logger.warn({ url: redis.url }, 'started a private redis-server (in memory only; stops after surge)');
    config.redis.url = redis.url;

    // The built-in simulator gets a token of its own that lives only as long as this process.
    const simulatorToken = randomBytes(24).toString('hex');
    config.auth.tokens.push({ name: 'built-in simulator', role: 'ingest', sha256: createHash('sha256').update(simulatorToken).digest('hex') });

    let server;
    try {
      server = await startServer(config, logger, leaseTtl(process.env.SURGE_LEASE_TTL_MS));
    } catch (err) {
      if (err instanceof PlanFileError || err instanceof UwsEmulationRefused) {
        process.stderr.write(`surge: ${err.message}\n`);
        await redis.stop?.();
        return 1;
      }
      throw err;
    }
    const base = `http://127.0.0.1:${server.port}`;
    let simulator: { stop(): Promise<unknown> } | undefined;
    if (config.simulate !== 'off') {
      const { startSimulator } = await import('../simulator/driver.js');
      const { demoDayStart, demoWarmUpSec } = await import('../simulator/demo-day.js');
      simulator = startSimulator({
        config,
        scenario: config.simulate,
        target: base,
        token: simulatorToken,
        speed: 1,
        startMs: demoDayStart(Date.now(), config.centres[0]?.timezone ?? 'UTC'),
        warmUpSec: demoWarmUpSec(config.ingest.maxAgeSec),
        logger: logger.child({ module: 'simulator' }),
      });
    }
    printWelcome(config, server.port, server.uws, server.redis);

    await new Promise<void>((resolve) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        logger.info({ signal }, stopping ? 'already shutting down' : 'shutting down');
        stopping = true;
        resolve();
      };
      // SIGHUP too: a closed terminal must not leave the private Redis running.
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
    });
    // A stuck shutdown must not leave the process hanging.
    const force = setTimeout(() => {
      logger.error({ afterMs: FORCE_EXIT_MS }, 'shutdown did not finish; exiting');
      process.exit(1);
    }, FORCE_EXIT_MS);
    force.unref();
    const started = Date.now();
    await simulator?.stop();
    await server.stop();
    if (redis.stop) {
      await redis.stop();
      logger.info('private redis-server stopped');
    }
    logger.info({ ms: Date.now() - started }, 'shut down');
    return 0;
  });
}

function printWelcome(config: Config, port: number, uws: UwsBackend, redis: string): void {
  const url = config.server.publicUrl.replace(/:\d+$/, `:${port}`);
  const demo = (plain: string) => config.auth.tokens.some((t) => t.sha256 === createHash('sha256').update(plain).digest('hex'));
  const displayToken = demo('demo-display-token') ? '?token=demo-display-token' : '?token=<display token>';
  const lines = [
    '',
    'Surge Control is running.',
    `  Wallboard:       ${url}/wall${displayToken}`,
    `  Control screen:  ${url}/control`,
    `  Metrics API:     curl -H 'Authorization: Bearer ${demo('demo-display-token') ? 'demo-display-token' : '<display token>'}' ${url}/v1/metrics`,
    `  Ingest API:      POST ${url}/v1/events   (role ingest)`,
    `  Simulator:       ${config.simulate === 'off' ? 'off' : `${config.simulate} traffic (SURGE_SIMULATE=off to turn it off)`}`,
    `  Web server:      uWebSockets.js ${describeUws(uws)}`,
    `  Redis:           ${redis}`,
    ...(demo('demo-ingest-token') ? ['  Note: the demo tokens from surge.config.yaml are in use; replace them before production.'] : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** leaseTtl reads SURGE_LEASE_TTL_MS: a whole number of milliseconds from 300, else the default. */
function leaseTtl(text: string | undefined): { leaseTtlMs?: number } {
  if (text === undefined || text === '') return {};
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 300) throw new UsageError(`SURGE_LEASE_TTL_MS must be a whole number of milliseconds, at least 300 (got "${text}")`);
  return { leaseTtlMs: ms };
}
