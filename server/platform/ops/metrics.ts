/**
 * serverMetrics is what /metrics exposes (docs/operations-metrics.md), on a prom-client registry:
 * the process's default metrics, histograms of ingest, pipeline steps and screen pushes, the
 * running parts read at scrape time, and the contact-centre figures (centre-metrics.ts).
 */
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../../config/types.js';
import type { ReadModel } from '../../pipeline/read-model.js';
import type { IngestReport } from '../../stages/ingest/accept.js';
import type { IncidentStore } from '../../stages/incidents/store.js';
import type { PushKind } from '../../stages/push/live.js';
import { ALERT_LEVELS } from '../../stages/rules/index.js';
import type { UwsBackend } from '../http/uws-backend.js';
import type { StateLoss } from '../redis/epoch.js';
import { METRICS_GROUP, type Keys } from '../redis/keys.js';
import { registerCentreMetrics } from './centre-metrics.js';

export interface ServerMetrics {
  registry: Registry;
  ingested(report: IngestReport, seconds: number): void;
  evaluated(seconds: number): void;
  /** Counts a pipeline step (or the rebuild before it) that failed on this instance, fenced off or not. */
  stepFailed(fenced: boolean): void;
  pushed(kind: PushKind, seconds: number): void;
  /** Counts a loss of Redis state this instance saw (the epoch changed). */
  stateLost(): void;
}

/** Scrape-time reads go through a fail-fast connection: with Redis away, those gauges have no samples and the scrape still answers. */
export interface MetricsDeps {
  config: Pick<Config, 'centres'>;
  redis: Redis;
  keys: Keys;
  readModel: ReadModel;
  store: IncidentStore;
  liveClients: () => number;
  loss: () => StateLoss | undefined;
  uws: UwsBackend;
  /** The engine status the pipeline committed (every partition's centres together). */
  engineStatus: () => Promise<{ centres: Record<string, { applied?: number }> }>;
}

// From half a millisecond (a small batch on a local Redis) to 10 s (Redis failing over).
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function serverMetrics(deps: MetricsDeps): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const events = new Counter({ name: 'surge_ingest_events_total', help: 'Events offered to ingest, by outcome (accepted, duplicate, rejected).', labelNames: ['outcome'], registers });
  const ingestSeconds = new Histogram({ name: 'surge_ingest_batch_duration_seconds', help: 'Time to take one ingest batch (HTTP, WebSocket or adapter): decode, validate, append to the streams.', buckets: DURATION_BUCKETS, registers });
  const stepSeconds = new Histogram({ name: 'surge_pipeline_step_duration_seconds', help: 'Time of one pipeline step (metrics, rules, incidents, plans) and its commit, on the lease holder.', buckets: DURATION_BUCKETS, registers });
  const stepFailures = new Counter({
    name: 'surge_pipeline_step_failures_total',
    help: 'Pipeline steps (or the rebuilds before them) that failed on this instance, by reason (error: retried from the last commit while figures stand still; fenced: the lease has passed on).',
    labelNames: ['reason'],
    registers,
  });
  // Both series from zero, so an alert on their increase sees the first failure.
  for (const reason of ['error', 'fenced']) stepFailures.inc({ reason }, 0);
  const pushSeconds = new Histogram({
    name: 'surge_push_delivery_seconds',
    help: 'Time from committed news reaching this instance to its publication to screens, by kind (delta: coalesced figures, including the wait for the push interval; message: levels, incidents and the rest).',
    labelNames: ['kind'],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const losses = new Counter({ name: 'surge_redis_state_losses_total', help: 'Times this instance saw Redis lose its state (the epoch changed or vanished).', registers });

  new Gauge({
    name: 'surge_redis_state_lost_timestamp_seconds',
    help: 'When Redis lost the state the current epoch replaced (unix seconds); 0 when the epoch began without a loss.',
    registers,
    collect() {
      this.set((deps.loss()?.at ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'surge_stream_lag_entries',
    help: 'Stream entries not yet read by the metrics engine, per centre (NaN when Redis cannot tell).',
    labelNames: ['centre'],
    registers,
    async collect() {
      const lags = await Promise.all(deps.config.centres.map((c) => streamLag(deps.redis, deps.keys.stream(c.id))));
      deps.config.centres.forEach((c, i) => this.set({ centre: c.id }, lags[i]!));
    },
  });
  new Gauge({
    name: 'surge_events_applied',
    help: 'Events applied by the metrics engine in the current pipeline term, per centre.',
    labelNames: ['centre'],
    registers,
    async collect() {
      const status = await deps.engineStatus().catch(() => undefined);
      this.reset();
      if (status === undefined) return;
      for (const c of deps.config.centres) {
        const applied = status.centres[c.id]?.applied;
        if (applied !== undefined) this.set({ centre: c.id }, applied);
      }
    },
  });
  new Gauge({
    name: 'surge_live_clients',
    help: 'Open /v1/live WebSockets on this instance.',
    registers,
    collect() {
      this.set(deps.liveClients());
    },
  });
  new Gauge({
    name: 'surge_open_incidents',
    help: 'Open incidents by level.',
    labelNames: ['level'],
    registers,
    async collect() {
      const open = await deps.store.openIncidents().catch(() => undefined);
      this.reset();
      if (open) for (const level of ALERT_LEVELS) this.set({ level }, open.filter((i) => i.level === level).length);
    },
  });
  new Gauge({
    name: 'surge_uws_backend_info',
    help: 'The uWebSockets.js backend this process runs on (native, or the JavaScript emulation when allowed); always 1.',
    labelNames: ['backend', 'binary'],
    registers,
  }).set({ backend: deps.uws.backend, binary: deps.uws.binary }, 1);
  registerCentreMetrics(registry, deps.config, deps.readModel);

  return {
    registry,
    ingested(report, seconds) {
      events.inc({ outcome: 'accepted' }, report.accepted);
      events.inc({ outcome: 'duplicate' }, report.duplicates);
      events.inc({ outcome: 'rejected' }, report.rejectedCount);
      ingestSeconds.observe(seconds);
    },
    evaluated(seconds) {
      stepSeconds.observe(seconds);
    },
    stepFailed(fenced) {
      stepFailures.inc({ reason: fenced ? 'fenced' : 'error' });
    },
    pushed(kind, seconds) {
      pushSeconds.observe({ kind }, seconds);
    },
    stateLost() {
      losses.inc();
    },
  };
}

/** streamLag reads the consumer group's lag (Redis 7); NaN when Redis cannot tell. */
async function streamLag(redis: Redis, stream: string): Promise<number> {
  const groups = (await redis.xinfo('GROUPS', stream).catch(() => [])) as unknown[][];
  for (const group of groups) {
    const fields = new Map<unknown, unknown>();
    for (let i = 0; i + 1 < group.length; i += 2) fields.set(group[i], group[i + 1]);
    if (fields.get('name') === METRICS_GROUP) {
      const lag = fields.get('lag');
      return typeof lag === 'number' ? lag : Number.NaN;
    }
  }
  return Number.NaN;
}
