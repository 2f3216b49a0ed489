/**
 * serverMetrics names what /metrics exposes and reads the running parts at scrape time.
 */
import type { Redis } from 'ioredis';
import type { IngestReport } from '../../stages/ingest/accept.js';
import type { IncidentStore } from '../../stages/incidents/store.js';
import type { LiveHub } from '../../stages/push/live.js';
import type { StateLoss } from '../redis/epoch.js';
import { METRICS_GROUP, type Keys } from '../redis/keys.js';
import { Registry } from './registry.js';

export interface ServerMetrics {
  registry: Registry;
  ingested(report: IngestReport): void;
  evaluated(seconds: number): void;
  /** Counts a loss of Redis state this instance saw (the epoch changed). */
  stateLost(): void;
}

export function serverMetrics(deps: { redis: Redis; keys: Keys; hub: LiveHub; store: IncidentStore; centres: string[]; loss: () => StateLoss | undefined }): ServerMetrics {
  const registry = new Registry();
  const events = registry.counter('surge_ingest_events_total', 'Events offered to ingest, by outcome (accepted, duplicate, rejected).');
  const evalSeconds = registry.counter('surge_rules_evaluation_seconds_sum', 'Time spent in pipeline steps (metrics, rules, incidents, plans) and their commits.');
  const evalCount = registry.counter('surge_rules_evaluation_seconds_count', 'Pipeline steps.');
  registry.gauge('surge_stream_lag_entries', 'Stream entries not yet read by the metrics engine, per centre.', async () =>
    Promise.all(deps.centres.map(async (centre) => ({ labels: { centre }, value: await streamLag(deps.redis, deps.keys.stream(centre)) }))),
  );
  registry.gauge('surge_events_applied', 'Events applied by the metrics engine (on the lease holder), per centre.', async () => {
    const status = JSON.parse((await deps.redis.get(deps.keys.engineStatus())) ?? '{"centres":{}}') as { centres: Record<string, { applied: number }> };
    return Object.entries(status.centres).map(([centre, s]) => ({ labels: { centre }, value: s.applied }));
  });
  const losses = registry.counter('surge_redis_state_losses_total', 'Times this instance saw Redis lose its state (the epoch changed or vanished).');
  losses({}, 0);
  registry.gauge('surge_redis_state_lost_timestamp_seconds', 'When Redis lost the state the current epoch replaced (unix seconds); 0 when the epoch began without a loss.', () => [
    { labels: {}, value: (deps.loss()?.at ?? 0) / 1000 },
  ]);
  registry.gauge('surge_live_clients', 'Open /v1/live WebSockets on this instance.', () => [{ labels: {}, value: deps.hub.clients }]);
  registry.gauge('surge_open_incidents', 'Open incidents by level.', async () => {
    const counts = new Map<string, number>();
    for (const i of await deps.store.openIncidents()) counts.set(i.level, (counts.get(i.level) ?? 0) + 1);
    return [...counts].map(([level, value]) => ({ labels: { level }, value }));
  });
  return {
    registry,
    ingested(report) {
      events({ outcome: 'accepted' }, report.accepted);
      events({ outcome: 'duplicate' }, report.duplicates);
      events({ outcome: 'rejected' }, report.rejectedCount);
    },
    evaluated(seconds) {
      evalSeconds({}, seconds);
      evalCount({});
    },
    stateLost() {
      losses({});
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
