/**
 * Keys names every Redis key the server uses, under the configured prefix. Keys of one
 * centre share a `{centre}` hash tag so a centre's stream and its bookkeeping live in one
 * Cluster slot.
 */
export interface Keys {
  /** The durable event stream of one centre. */
  stream(centre: string): string;
  /** Marks an accepted event id (idempotency), expiring after the dedup TTL. */
  seen(centre: string, id: string): string;
  /** The metrics engine's checkpoint for one centre: state + last applied stream id. */
  checkpoint(centre: string): string;
  /** Hash: scope id → latest ScopeMetrics JSON. */
  metrics(): string;
  /** Pub/sub channel carrying coalesced metric deltas. */
  metricsChannel(): string;
  /** The rules evaluator's state (JSON). */
  rulesState(): string;
  /** Hash: id → JSON of every open incident. */
  openIncidents(): string;
  /** One incident (JSON), open or resolved. */
  incident(id: string): string;
  /** Sorted set of incident ids by opening time. */
  incidentIndex(): string;
  /** List of an incident's timeline entries (JSON). */
  timeline(id: string): string;
  /** Counter behind incident ids. */
  incidentSeq(): string;
  /** Append-only stream of control actions. */
  audit(): string;
  /** Pub/sub channel for non-metric live messages (levels, incidents…). */
  liveChannel(): string;
  /** Latest live message of a type, for snapshots of newly connected screens. */
  liveLast(type: string): string;
  /** Hash of one scope's 1-minute roll-ups for one hour: minute of the hour → figures. */
  history(scope: string, hourStart: number): string;
  /** Prefix for BullMQ queues. */
  bullPrefix(): string;
  /** Everything under the prefix, for tests' clean-up. */
  pattern(): string;
}

export function createKeys(prefix: string): Keys {
  const p = prefix;
  return {
    stream: (centre) => `${p}:{${centre}}:events`,
    seen: (centre, id) => `${p}:{${centre}}:seen:${id}`,
    checkpoint: (centre) => `${p}:{${centre}}:checkpoint`,
    metrics: () => `${p}:metrics`,
    metricsChannel: () => `${p}:metrics:delta`,
    rulesState: () => `${p}:rules:state`,
    openIncidents: () => `${p}:incidents:open`,
    incident: (id) => `${p}:incident:${id}`,
    incidentIndex: () => `${p}:incidents:index`,
    timeline: (id) => `${p}:incident:${id}:timeline`,
    incidentSeq: () => `${p}:incidents:seq`,
    audit: () => `${p}:audit`,
    liveChannel: () => `${p}:live`,
    liveLast: (type) => `${p}:live:last:${type}`,
    history: (scope, hourStart) => `${p}:history:${scope}:${hourStart}`,
    bullPrefix: () => `${p}:bull`,
    pattern: () => `${p}:*`,
  };
}

/** The consumer group the metrics engine reads each centre's stream with. */
export const METRICS_GROUP = 'metrics';
