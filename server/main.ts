/**
 * startServer is the composition root: config in, a running pipeline out.
 *
 *   ingest (HTTP, WS) ─► Redis Streams ─► StreamConsumer ─► MetricsEngine
 *                                                              │ tick (4/s)
 *                       wallboards ◄─ LiveHub ◄─ bridge ◄─ MetricsPublisher (hash + pub/sub)
 *                                                   ▲          │ figures
 *                                     LiveMessages ─┴─ LevelsRunner (rules ─► incidents)
 *
 * stop() shuts down in order: not ready → stop listening → close sockets (1001) →
 * stop consuming (final checkpoint) → last publish → quit Redis.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config/types.js';
import { createApp } from './app.js';
import { Ingest } from './ingest/accept.js';
import { EventStore } from './ingest/store.js';
import type { Logger } from './log.js';
import { MetricsEngine } from './metrics/engine.js';
import { AuditLog } from './audit/log.js';
import { historyRoutes } from './history/routes.js';
import { HistoryStore } from './history/store.js';
import { incidentRoutes } from './incidents/routes.js';
import { LevelsRunner } from './incidents/runner.js';
import { IncidentStore } from './incidents/store.js';
import { startBridge } from './push/bridge.js';
import { LiveMessages } from './push/messages.js';
import { RuleSet } from './rules/watcher.js';
import { LiveHub } from './push/live.js';
import { MetricsPublisher } from './push/publisher.js';
import { serverMetrics } from './ops/metrics.js';
import { connectRedis } from './redis/connect.js';
import { createKeys } from './redis/keys.js';
import { StreamConsumer } from './stream/consumer.js';

/** The project folder (the one with package.json), whether running from sources or from dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const SCREENS_DIR = join(projectRoot(), 'wallboard', 'dist');

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, options: { port?: number; screensDir?: string } = {}): Promise<RunningServer> {
  const keys = createKeys(config.redis.prefix);
  const url = config.redis.url;
  const [request, stream, worker, subscriber] = await Promise.all([
    connectRedis(url, 'request', logger),
    connectRedis(url, 'worker', logger),
    connectRedis(url, 'worker', logger),
    connectRedis(url, 'subscriber', logger),
  ]);

  const engine = new MetricsEngine(config);
  const consumer = new StreamConsumer(stream, keys, engine, config, logger.child({ module: 'stream' }), {
    consumerName: `${hostname()}-${process.pid}`,
    checkpointEveryMs: config.metrics.checkpointMs,
    batchSize: 2000,
  });
  const live = new LiveMessages(worker, keys);
  const audit = new AuditLog(worker, keys);
  const store = new IncidentStore(worker, keys);
  const rules = new RuleSet(config.rules.dir, logger.child({ module: 'rules' }), (status) => {
    live.publish({ type: 'rules', asOf: Date.now(), status }).catch((err: Error) => logger.warn({ err: err.message }, 'cannot announce rules status'));
  });
  rules.load();
  rules.watch();
  const runner = new LevelsRunner({ store, rules, audit, live, quietPeriodSec: config.incidents.quietPeriodSec, logger: logger.child({ module: 'incidents' }) });
  await runner.start();
  const hub = new LiveHub(config, logger.child({ module: 'live' }));
  const ops = serverMetrics({ redis: worker, keys, engine, hub, runner });
  const history = new HistoryStore(worker, keys, config.metrics.historyRetentionSec);
  const publisher = new MetricsPublisher(worker, keys, engine, config.metrics.pushIntervalMs, logger.child({ module: 'publisher' }), Date.now, async (figures, asOf) => {
    const started = performance.now();
    await runner.step(figures, asOf);
    ops.evaluated((performance.now() - started) / 1000);
    await history.record(figures, asOf);
  });
  const ingest = new Ingest(new EventStore(request, keys, config.ingest.dedupTtlSec), config, Date.now, (report) => ops.ingested(report));

  await consumer.start();
  await publisher.tick();
  publisher.start();
  const stopBridge = await startBridge(subscriber, worker, keys, hub, live, logger.child({ module: 'bridge' }));

  const app = createApp({
    config,
    logger: logger.child({ module: 'http' }),
    redis: request,
    ingest,
    hub,
    screensDir: options.screensDir ?? SCREENS_DIR,
    routes: [
      ...incidentRoutes({ config, runner, store, rules, audit }),
      ...historyRoutes(history),
      ['get', '/metrics', { roles: ['admin'] }, async () => ({ body: await ops.registry.render(), contentType: 'text/plain; version=0.0.4' })],
    ],
    status: async () => {
      const lengths = await Promise.all(engine.centres.map((c) => request.xlen(keys.stream(c))));
      return {
        centres: Object.fromEntries(
          engine.centres.map((c, i) => [c, { streamLength: lengths[i], lastApplied: consumer.positions()[c], ...engine.stats()[c] }]),
        ),
        unreadableEntries: consumer.unreadable,
      };
    },
  });
  const running = await app.listen(options.port ?? config.server.port);
  logger.info({ port: running.port, centres: engine.centres }, 'surge server listening');

  return {
    port: running.port,
    async stop() {
      app.markNotReady();
      running.close();
      rules.close();
      await consumer.stop();
      await publisher.stop();
      await publisher.tick();
      await stopBridge().catch(() => undefined);
      await Promise.all([request, stream, worker, subscriber].map((r) => r.quit().catch(() => r.disconnect())));
      logger.info('surge server stopped');
    },
  };
}
