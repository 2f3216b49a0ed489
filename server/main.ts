/**
 * startServer is the composition root: config in, a running instance out.
 *
 *   every instance:   ingest (HTTP, WS) ─► Redis Streams        wallboards ◄─ LiveHub ◄─ bridge ◄─ Redis pub/sub
 *                     REST API (reads Redis; dispatcher commands ─► the lease holder of the incident's partition)
 *                     EpochWatcher (Redis lost its state? ─► log, /readyz, /metrics, hub and screens, new term)
 *   lease holder:     PipelineRunner = stream batch + commands ─► step ─► commit (read model, outbox) ─► outbox relay ─► plan jobs
 *   (per partition)   retention (whole pipeline or roll-up holder): old resolved incidents, plan steps, notifications and audit pruned
 *
 * Any number of instances share one Redis. The pipeline is one partition under one lease, or with
 * `server.pipelinePartitions: centres` one per centre plus the roll-up, spread over the instances
 * (PartitionLeases, docs/scaling.md).
 * stop() shuts down in order: not ready → stop listening → answer the requests and messages
 * in flight → close sockets (1001) and connections → stop the pipeline (final checkpoint) and
 * give the lease up → close workers and queues → quit Redis, last.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type RunningApp } from './platform/http/app.js';
import { checkUwsBackend, describeUws, type UwsBackend } from './platform/http/uws-backend.js';
import { AuditLog } from './platform/audit/log.js';
import type { Config } from './config/types.js';
import { historyRoutes } from './stages/metrics/history/routes.js';
import { trafficRoutes } from './stages/metrics/history/traffic-routes.js';
import { reportRoutes } from './stages/metrics/history/report-routes.js';
import { HistoryStore } from './stages/metrics/history/store.js';
import { IncidentCommands } from './stages/incidents/commands.js';
import { incidentRoutes } from './stages/incidents/routes.js';
import { IncidentStore } from './stages/incidents/store.js';
import { Ingest } from './stages/ingest/accept.js';
import { EventStore } from './stages/ingest/store.js';
import { mastersReplication, replicaReadiness } from './stages/ingest/replica-readiness.js';
import type { Logger } from './platform/log/log.js';
import { serverMetrics } from './platform/ops/metrics.js';
import { executorHandlers, ackBySms, onSmsStatus, optOutBySms, type ExecutorDeps } from './stages/plans/executor/index.js';
import { OptOutStore, ReminderStore } from './stages/plans/executor/reminders.js';
import { createJobQueue, startWorker } from './stages/plans/executor/jobs.js';
import { redisLock } from './stages/plans/executor/lock.js';
import { NotificationStore } from './stages/plans/executor/notifications.js';
import { executorRoutes } from './stages/plans/executor/routes.js';
import { declarePreviewIfAny } from './stages/plans/executor/preview.js';
import { RoutingStore } from './stages/plans/executor/routing-store.js';
import { SeatStore } from './stages/plans/executor/seat-store.js';
import { BannerStore } from './stages/plans/executor/banner-store.js';
import { resolveGuard } from './stages/plans/executor/in-force.js';
import { SilenceStore } from './stages/plans/executor/silences.js';
import { StepStore } from './stages/plans/executor/steps.js';
import { retryWebhook } from './stages/plans/executor/webhook-job.js';
import { createSmsSender, smsRoutes, SmsStore, twilioRoutes } from './stages/deliver/sms/index.js';
import { PlanSet } from './stages/plans/executor/plan-files.js';
import { AcdClient, DeliveryStore, deliveryRoutes } from './stages/deliver/acd/index.js';
import { IvrClient } from './stages/deliver/ivr/index.js';
import { PipelineLayout } from './pipeline/layout.js';
import { startPartitionRunners } from './pipeline/partition-runners.js';
import { ReadModel } from './pipeline/read-model.js';
import { startRetention } from './pipeline/retention.js';
import { startBridge } from './stages/push/bridge.js';
import { LiveHub } from './stages/push/live.js';
import { LiveMessages } from './stages/push/messages.js';
import { connectRedis, describeConnection } from './platform/redis/connect.js';
import { epochMessage, EpochWatcher, type EpochRecord, type StateLoss } from './platform/redis/epoch.js';
import { createKeys } from './platform/redis/keys.js';
import { RuleSet } from './stages/rules/watcher.js';

/** The project folder (the one with package.json), whether running from sources or from dist/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const SCREENS_DIR = join(projectRoot(), 'wallboard', 'dist');

export interface RunningServer {
  port: number;
  instanceId: string;
  /** The uWebSockets.js backend serving HTTP and WebSockets (native, or the emulation when allowed). */
  uws: UwsBackend;
  /** What Redis it is connected to (one Redis, a Cluster and its masters), password masked. */
  redis: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  port?: number;
  screensDir?: string;
  leaseTtlMs?: number;
  jobBackoffMs?: number;
  /** The time the pipeline steps at and plan jobs see (default Date.now); tests step it by hand. */
  clock?: () => number;
}

export async function startServer(config: Config, logger: Logger, options: ServerOptions = {}): Promise<RunningServer> {
  // Before anything connects: on the emulation nobody allowed, nothing starts (UwsEmulationRefused).
  const uws = checkUwsBackend(config.server.allowUwsEmulation);
  const clock = options.clock ?? Date.now;
  const url = config.redis.url;
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log = logger.child({ instance: instanceId });
  if (uws.backend === 'native') log.info({ uws }, `uWebSockets.js backend: ${describeUws(uws)}`);
  else log.warn({ uws }, `uWebSockets.js backend: ${describeUws(uws)}; its backpressure differs from the native server's`);
  const [request, stream, worker, subscriber] = await Promise.all([
    connectRedis(url, 'request', log),
    connectRedis(url, 'worker', log),
    connectRedis(url, 'worker', log),
    connectRedis(url, 'subscriber', log),
  ]);
  // With partitions, the keys know each centre partition's slot: readers join them.
  const layout = new PipelineLayout(config, createKeys(config.redis.prefix, request.options.db));
  const keys = layout.keys;
  const redisTarget = describeConnection(request, url);
  log.info({ redis: redisTarget }, `connected to ${redisTarget}`);

  const readModel = new ReadModel(request, keys);
  const engineStatus = () => layout.engineStatus(request);
  const store = new IncidentStore(worker, keys);
  const ops = serverMetrics({ config, redis: request, keys, readModel, store: new IncidentStore(request, keys), liveClients: () => hub.clients, loss: () => epoch.loss, uws, engineStatus });
  const hub = new LiveHub(config, () => readModel.snapshot(), log.child({ module: 'live' }), ops.pushed, () => layout.stalled(request));
  // The Redis epoch: a change means Redis lost its state; the hub, the screens and the pipeline start afresh.
  const epoch = new EpochWatcher(worker, keys.epoch(), log.child({ module: 'epoch' }), (record, loss) => {
    ops.stateLost();
    announceEpoch(record, loss);
  });
  const live = new LiveMessages(worker, keys, () => epoch.id);
  const announceEpoch = (record: EpochRecord, loss: StateLoss | undefined) => {
    // Through Redis like all news, so every instance's screens hear it once.
    live.publish(epochMessage(record, loss)).catch((err: Error) => log.warn({ err: err.message }, 'cannot announce the Redis epoch'));
  };
  const audit = new AuditLog(worker, keys);
  const commands = new IncidentCommands(worker, keys, undefined, layout.commandKeys(store));
  const history = new HistoryStore(worker, keys, config.metrics.historyRetentionSec);
  const rules = new RuleSet(config.rules.dir, log.child({ module: 'rules' }), (status) => {
    live.publish({ type: 'rules', asOf: Date.now(), status }).catch((err: Error) => log.warn({ err: err.message }, 'cannot announce rules status'));
  });
  rules.load();
  rules.watch();

  announceEpoch(await epoch.start(), epoch.loss);

  // The plan executor: jobs are queued by the lease holder and worked on by every instance.
  const plans = new PlanSet(config, log.child({ module: 'plans' })).loadOrThrow();
  plans.watch();
  const ack = { replicas: config.redis.ackReplicas, timeoutMs: config.redis.ackTimeoutMs };
  const queue = createJobQueue(url, keys.bullPrefix(), log, options.jobBackoffMs, ack);
  // With replica acknowledgement the stores of what was sent wait (WAIT) on a connection of their own: WAIT blocks the one it is sent on.
  const outbound = ack.replicas > 0 ? await connectRedis(url, 'worker', log) : worker;
  const deliveries = new DeliveryStore(outbound, keys, ack);
  const executor: ExecutorDeps = {
    config,
    plans: () => plans.plans,
    queue,
    steps: new StepStore(worker, keys),
    notifications: new NotificationStore(worker, keys),
    incidents: store,
    seats: new SeatStore(worker, keys),
    routing: new RoutingStore(worker, keys),
    banners: new BannerStore(worker, keys),
    silences: new SilenceStore(worker, keys),
    deliveries,
    acd: new AcdClient(config, log, deliveries),
    ivr: new IvrClient(config, log, deliveries),
    sms: createSmsSender(config, log),
    smsStore: new SmsStore(outbound, keys, ack),
    reminders: new ReminderStore(worker, keys),
    optOuts: new OptOutStore(worker, keys),
    live,
    audit,
    figures: async () => (await readModel.figures()).scopes,
    scopeFigures: async (scope) => (await readModel.scope(scope))?.scope,
    // Plans weigh centres by their levels in force: a centre declared at orange is no re-route's target while another is at normal.
    levels: () => readModel.levelsInForce(),
    logger: log.child({ module: 'executor' }),
    clock,
  };
  const workers = startWorker(url, keys.bullPrefix(), executorHandlers(executor, redisLock(worker, config.redis.prefix)), log.child({ module: 'worker' }));
  const pipeline = await startPartitionRunners({
    layout, stream, connect: () => connectRedis(url, 'worker', log), worker, commands, incidents: store, steps: executor.steps, queue, rules,
    plans: () => plans.plans, history, epoch, instanceId, clock, leaseTtlMs: options.leaseTtlMs ?? 3000, logger: log, evaluated: ops.evaluated, failed: ops.stepFailed,
  });
  const stopRetention = startRetention(
    { redis: worker, keys, steps: executor.steps, notifications: executor.notifications, settings: config.retention, clock, logger: log.child({ module: 'retention' }) },
    // Where the whole pipeline or the roll-up runs: one instance at a time.
    pipeline.runsRollUp,
  );

  const stopBridge = await startBridge(subscriber, keys, hub, log.child({ module: 'bridge' }));
  const ingest = new Ingest(new EventStore(request, keys, config.ingest.dedupTtlSec, ack), config, Date.now, (report, seconds) => ops.ingested(report, seconds));
  const app = createApp({
    config,
    logger: log.child({ module: 'http' }),
    // A read first: a replica without its master refuses reads (MASTERDOWN) but says READONLY to any write.
    redisProbe: async () => {
      await request.get(keys.readyProbe());
      await request.set(keys.readyProbe(), instanceId, 'PX', 1000);
    },
    // Wall-clock time, not the pipeline's clock: the cache of INFO replication lives in real time.
    replicasShort: replicaReadiness(() => mastersReplication(request), config.redis.ackReplicas, Date.now),
    ingest,
    hub,
    stateLost: () => epoch.loss,
    uws,
    readModel,
    screensDir: options.screensDir ?? SCREENS_DIR,
    routes: [
      ...incidentRoutes({ config, commands, store, rules, audit, levels: () => readModel.levels(), clock, resolveGuard: resolveGuard(executor), declarePreview: (d) => declarePreviewIfAny(executor, d) }),
      ...historyRoutes(history),
      ...trafficRoutes({ history, incidents: new IncidentStore(request, keys), steps: executor.steps, centres: config.centres, clock }),
      ...reportRoutes({ history, centres: config.centres, retentionSec: config.metrics.historyRetentionSec }),
      ...executorRoutes(executor),
      ...twilioRoutes({
        config,
        logger: log.child({ module: 'twilio' }),
        onStatus: (sid, status, errorCode) => onSmsStatus(executor, sid, status, errorCode),
        // STOP opts a number out of reminders; anything else is an alert's reply.
        onInbound: async (from, body) => (await optOutBySms(executor.optOuts, from, body)) ?? ackBySms({ contacts: config.contacts, store, commands, logger: log, clock }, from, body),
        inbound: { claim: (sid, ttlSec) => executor.smsStore.claimInbound(sid, ttlSec), release: (sid) => executor.smsStore.releaseInbound(sid) },
      }),
      ...smsRoutes(executor.smsStore),
      ...deliveryRoutes({
        store: deliveries,
        retry: async (id, { by, reason }) => {
          await retryWebhook(executor, id, clock());
          await audit.append({ at: clock(), who: by.name, role: by.role, action: 'delivery.retry', target: id, reason });
        },
      }),
      ['get', '/metrics', { roles: ['admin'] }, async () => ({ body: await ops.registry.metrics(), contentType: ops.registry.contentType })],
    ],
    status: async () => {
      const lengths = await Promise.all(config.centres.map((c) => request.xlen(keys.stream(c.id))));
      const engine = await engineStatus();
      return {
        instance: instanceId,
        // With partitions, each has its owner (`partitions`).
        pipelineOwner: engine.owner ?? null,
        partitions: await pipeline.leases.owners(),
        centres: Object.fromEntries(config.centres.map((c, i) => [c.id, { streamLength: lengths[i], ...engine.centres[c.id] }])),
        unreadableEntries: engine.unreadableEntries ?? 0,
        pipelineFailures: await layout.failures(request),
      };
    },
  });
  // Everything started so far, stopped in order; also used when the port cannot be had.
  const shutdown = async () => {
    rules.close();
    plans.close();
    epoch.stop();
    stopRetention();
    await pipeline.leases.stop();
    await workers.close();
    await queue.close();
    await stopBridge().catch(() => undefined);
    await Promise.all([...new Set([request, ...pipeline.streams, worker, outbound, subscriber])].map((r) => r.quit().catch(() => r.disconnect())));
  };
  let running: RunningApp;
  try {
    running = await app.listen(options.port ?? config.server.port);
  } catch (err) {
    await shutdown();
    throw err;
  }
  log.info({ port: running.port, leading: pipeline.leases.held, uws: uws.backend }, 'surge server listening');

  return {
    port: running.port,
    instanceId,
    uws,
    redis: redisTarget,
    async stop() {
      app.markNotReady();
      await running.close();
      await shutdown();
      log.info('surge server stopped');
    },
  };
}
