/**
 * startServer is the composition root: config in, a running pipeline out.
 *
 *   ingest (HTTP, WS) ─► Redis Streams ─► StreamConsumer ─► MetricsEngine
 *                                                              │ tick
 *                       wallboards ◄─ LiveHub ◄─ bridge ◄─ MetricsPublisher (hash + pub/sub)
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
import { startMetricsBridge } from './push/bridge.js';
import { LiveHub } from './push/live.js';
import { MetricsPublisher } from './push/publisher.js';
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
  const publisher = new MetricsPublisher(worker, keys, engine, config.metrics.pushIntervalMs, logger.child({ module: 'publisher' }));
  const hub = new LiveHub(config, logger.child({ module: 'live' }));
  const ingest = new Ingest(new EventStore(request, keys, config.ingest.dedupTtlSec), config);

  await consumer.start();
  await publisher.tick();
  publisher.start();
  const stopBridge = await startMetricsBridge(subscriber, worker, keys, hub, logger.child({ module: 'bridge' }));

  const app = createApp({
    config,
    logger: logger.child({ module: 'http' }),
    redis: request,
    ingest,
    hub,
    screensDir: options.screensDir ?? SCREENS_DIR,
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
      await consumer.stop();
      await publisher.stop();
      await publisher.tick();
      await stopBridge().catch(() => undefined);
      await Promise.all([request, stream, worker, subscriber].map((r) => r.quit().catch(() => r.disconnect())));
      logger.info('surge server stopped');
    },
  };
}
