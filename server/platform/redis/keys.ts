/**
 * Keys names every Redis key the server uses, under the configured prefix, so that every
 * multi-key command, MULTI, pipeline and script touches one Redis Cluster slot:
 *
 *   `{centre}`     a centre's stream and its dedup marks (ingest's script, one call per centre);
 *                  with centre partitions also everything that centre's partition commits (below)
 *   `{global}`     everything the pipeline lease holder and the plan executor combine: fence,
 *                  epoch, pipeline state, checkpoints, read model, incidents, outbox, plans,
 *                  history (the fenced commit and the stores' MULTIs span them)
 *   `{sms}`, `{deliveries}`, `{reminders:<step>}`, `{bull}`   stores that only combine their own keys
 *
 * Nothing combines a `{centre}` key with a `{global}` one: the commit acknowledges stream
 * entries (XACK) in calls of their own, after the fenced write. Pub/sub channels ignore the
 * database number, so theirs carry it: two deployments with one prefix on two databases of
 * one Redis never hear each other.
 */
export interface Keys {
  /** The durable event stream of one centre. */
  stream(centre: string): string;
  /** Marks an accepted event id (idempotency), expiring after the dedup TTL. */
  seen(centre: string, id: string): string;
  /** The metrics engine's checkpoint for one centre: state + last applied stream id (in the slot its step commits into). */
  checkpoint(centre: string): string;
  /** Where either layout keeps a centre's checkpoint (`{global}` with `whole`, its centre's slot with `centres`): recovery takes the newest. */
  checkpoints(centre: string): string[];
  /** Hash: scope id → latest ScopeMetrics JSON. */
  metrics(): string;
  /** When the figures in metrics() were committed (epoch ms). */
  metricsAsOf(): string;
  /** Pub/sub channel carrying coalesced metric deltas (per database). */
  metricsChannel(): string;
  /** The pipeline's committed state (JSON): positions, rules state, incident counter. */
  pipelineState(): string;
  /** Why the lease holder's steps keep failing (JSON), while they do: cleared by the next step that commits, expiring unless renewed. */
  pipelineFailure(): string;
  /** List of plan intents committed but not yet handed to the job queue (JSON). */
  outbox(): string;
  /** Hash: id → JSON of every open incident. */
  openIncidents(): string;
  /** One incident (JSON), open or resolved. */
  incident(id: string): string;
  /** Sorted set of incident ids by opening time. */
  incidentIndex(): string;
  /** List of an incident's timeline entries (JSON). */
  timeline(id: string): string;
  /** Append-only stream of control actions. */
  audit(): string;
  /** Pub/sub channel for non-metric live messages (levels, incidents…), per database. */
  liveChannel(): string;
  /** Latest live message of a type, for snapshots of newly connected screens. */
  liveLast(type: string): string;
  /** Hash of one scope's 1-minute roll-ups for one hour: minute of the hour → figures. */
  history(scope: string, hourStart: number): string;
  /** Hash: one SMS for the control screen (masked number, status, ref, incident). */
  sms(sid: string): string;
  /** Sorted set of SMS sids by first sight. */
  smsIndex(): string;
  /** Our SMS ref → the SID it was sent as (so a retried job does not send twice). */
  smsRef(ref: string): string;
  /** Marks an inbound SMS's MessageSid as handled (a replay of it changes nothing), expiring after twilio.inboundDedupSec. */
  smsInbound(sid: string): string;
  /** Set of the opted-out numbers (SHA-256, never the number), from STOP replies: never sent a reminder. */
  smsOptOuts(): string;
  /** Hash: recipient id → what became of one remind step's SMS to them (sent, failed, optedOut). */
  reminderOutcomes(stepKey: string): string;
  /** Hash: outcome → how many recipients of one remind step had it. */
  reminderCounts(stepKey: string): string;
  /** Hash: one signed webhook delivery to an ACD or IVR (event, status, attempt count, last error). */
  delivery(id: string): string;
  /** List of a delivery's attempts (JSON), oldest first. */
  deliveryAttempts(id: string): string;
  /** Sorted set of delivery ids by last update, per status or `all`. */
  deliveries(status: string): string;
  /** Hash: routing key (`<centre>/<queue or media>`) → the re-routing in force (JSON). */
  routing(): string;
  /** List of routing changes, newest first (capped). */
  routingHistory(): string;
  /** Hash: `<centre>/<person>` → an activated standby seat (JSON). */
  seats(): string;
  /** Hash: plan step key → its state for the control screen (JSON). */
  planSteps(): string;
  /** Sorted set (all scores 0, so ordered by member) of `<created at, 15 digits>|<step key>`: pages of steps, newest first. */
  planStepsIndex(): string;
  /** Set of the planStepsIndex members of one incident's steps (read whole: a plan has a few dozen at most). */
  planStepsOf(incidentId: string): string;
  /** Set of the keys of the steps waiting for a dispatcher's decision. */
  planStepsAwaiting(): string;
  /** Hash: banner step key → the banner it put up for its incident and level (JSON). */
  banners(): string;
  /** Hash: notification key → who was alerted when, and what came of it (JSON). */
  notifications(): string;
  /** Set of the keys of the notifications still running (not done). */
  notificationsActive(): string;
  /** The pipeline lease (which instance runs the engine, rules and incidents) and its fencing counter. */
  lease(): string;
  fence(): string;
  /** One pipeline partition's last levels (JSON object) or open incidents (JSON array), merged into liveLast's by mergeLive. */
  partitionLive(partition: string, what: 'levels' | 'incidents'): string;
  /** Hash: partition → `<epoch>|<fencing token>|<share>`, each partition's last share as merged into liveLast (mergeLive). */
  liveShares(what: 'levels' | 'incidents'): string;
  /** Hash: centre → what it adds to the scopes across centres (CentreRollUp JSON), committed by its partition. */
  rollUpParts(): string;
  /** Sorted set: instance id → when it last said it was alive (ms, Redis's clock), to spread the pipeline partitions. */
  instances(): string;
  /** The lease holder's engine status (JSON), for every instance's /v1/status. */
  engineStatus(): string;
  /** List of dispatcher commands waiting for the lease holder. */
  incidentCommands(): string;
  /** The answer to one command (JSON), picked up by the instance that sent it. */
  incidentReply(requestId: string): string;
  /** Hash: silence id → a silence (JSON). */
  silences(): string;
  /** The Redis epoch (JSON): a random id written at first start; it changing or vanishing means Redis lost its state. */
  epoch(): string;
  /** Hash: partition → the epoch its slot's copy of the epoch was last written with (cluster/partitions.ts). */
  epochCopies(): string;
  /** Written (and expiring at once) by /readyz to learn whether Redis takes writes. */
  readyProbe(): string;
  /** Prefix for BullMQ queues. */
  bullPrefix(): string;
  /** Everything under the prefix, for tests' clean-up. */
  pattern(): string;
  /** The same names under another hash tag: a centre partition's slot (`epoch()` there is its copy of the epoch). */
  inSlot(tag: string): Keys;
  /**
   * The key sets the pipeline commits into, one per Cluster slot: readers of figures, incidents and
   * audit combine them. Just these keys unless centre partitions commit into slots of their own.
   */
  slots(): Keys[];
}

/** `db` is the Redis database the keys live in (0 unless the URL names one). */
export function createKeys(prefix: string, db = 0, slot = 'global'): Keys {
  const p = prefix;
  // One slot for every key the fenced commit and the executor's MULTIs combine (see above).
  const g = `${p}:{${slot}}`;
  const keys: Keys = {
    stream: (centre) => `${p}:{${centre}}:events`,
    seen: (centre, id) => `${p}:{${centre}}:seen:${id}`,
    checkpoint: (centre) => `${g}:checkpoint:${centre}`,
    checkpoints: (centre) => [`${p}:{global}:checkpoint:${centre}`, `${p}:{${centre}}:checkpoint:${centre}`],
    metrics: () => `${g}:metrics`,
    metricsAsOf: () => `${g}:metrics:asOf`,
    metricsChannel: () => `${p}:db${db}:metrics:delta`,
    pipelineState: () => `${g}:pipeline:state`,
    pipelineFailure: () => `${g}:pipeline:failure`,
    outbox: () => `${g}:pipeline:outbox`,
    openIncidents: () => `${g}:incidents:open`,
    incident: (id) => `${g}:incident:${id}`,
    incidentIndex: () => `${g}:incidents:index`,
    timeline: (id) => `${g}:incident:${id}:timeline`,
    audit: () => `${g}:audit`,
    liveChannel: () => `${p}:db${db}:live`,
    liveLast: (type) => `${g}:live:last:${type}`,
    history: (scope, hourStart) => `${g}:history:${scope}:${hourStart}`,
    // One hash tag per store: its MULTIs and scripts touch one Cluster slot.
    sms: (sid) => `${p}:{sms}:message:${sid}`,
    smsIndex: () => `${p}:{sms}:index`,
    smsRef: (ref) => `${p}:{sms}:ref:${ref}`,
    smsInbound: (sid) => `${p}:{sms}:inbound:${sid}`,
    smsOptOuts: () => `${p}:{sms}:opt-outs`,
    reminderOutcomes: (stepKey) => `${p}:{reminders:${stepKey}}:outcomes`,
    reminderCounts: (stepKey) => `${p}:{reminders:${stepKey}}:counts`,
    delivery: (id) => `${p}:{deliveries}:delivery:${id}`,
    deliveryAttempts: (id) => `${p}:{deliveries}:attempts:${id}`,
    deliveries: (status) => `${p}:{deliveries}:status:${status}`,
    routing: () => `${g}:routing`,
    routingHistory: () => `${g}:routing:history`,
    seats: () => `${g}:seats`,
    planSteps: () => `${g}:plan:steps`,
    planStepsIndex: () => `${g}:plan:steps:index`,
    planStepsOf: (incidentId) => `${g}:plan:steps:incident:${incidentId}`,
    planStepsAwaiting: () => `${g}:plan:steps:awaiting`,
    banners: () => `${g}:plan:banners`,
    notifications: () => `${g}:plan:notifications`,
    notificationsActive: () => `${g}:plan:notifications:active`,
    lease: () => `${g}:lease`,
    fence: () => `${g}:lease:fence`,
    instances: () => `${g}:instances`,
    partitionLive: (partition, what) => `${g}:live:partition:${partition}:${what}`,
    liveShares: (what) => `${g}:live:shares:${what}`,
    rollUpParts: () => `${g}:roll-up:parts`,
    engineStatus: () => `${g}:engine:status`,
    incidentCommands: () => `${g}:incident:commands`,
    incidentReply: (requestId) => `${g}:incident:reply:${requestId}`,
    silences: () => `${g}:silences`,
    epoch: () => `${g}:epoch`,
    epochCopies: () => `${g}:epoch:copies`,
    readyProbe: () => `${g}:ready-probe`,
    // BullMQ on Cluster: a hash-tagged prefix keeps each queue's keys in one slot.
    bullPrefix: () => `${p}:{bull}`,
    pattern: () => `${p}:*`,
    inSlot: (tag) => createKeys(prefix, db, tag),
    slots: () => [keys],
  };
  return keys;
}

/** The consumer group the metrics engine reads each centre's stream with. */
export const METRICS_GROUP = 'metrics';

/**
 * partitionKeys gives the keys of one pipeline partition (docs/scaling.md): its own state, outbox,
 * commands, engine status, lease and fence. Without `slot` they stay in `{global}` beside the shared
 * read model (figures, incidents, merged levels) its commit writes (the roll-up's). With `slot` (a
 * centre's own tag) everything its fenced commit touches moves there, so the commit stays in one Cluster
 * slot: figures, incidents, timelines, audit, replies, checkpoints, its roll-up part and live shares, and a
 * copy of the epoch the commit checks (written with the lease, lease.ts). Readers combine slots().
 */
export function partitionKeys(keys: Keys, partition: string, slot?: string): Keys {
  const own = slot === undefined ? keys : keys.inSlot(slot);
  const moved =
    slot === undefined
      ? {}
      : {
          checkpoint: own.checkpoint,
          metrics: own.metrics,
          metricsAsOf: own.metricsAsOf,
          openIncidents: own.openIncidents,
          incident: own.incident,
          incidentIndex: own.incidentIndex,
          timeline: own.timeline,
          audit: own.audit,
          incidentReply: own.incidentReply,
          partitionLive: own.partitionLive,
          rollUpParts: own.rollUpParts,
          epoch: own.epoch,
        };
  return {
    ...keys,
    ...moved,
    pipelineState: () => `${own.pipelineState()}:${partition}`,
    pipelineFailure: () => `${own.pipelineFailure()}:${partition}`,
    outbox: () => `${own.outbox()}:${partition}`,
    incidentCommands: () => `${own.incidentCommands()}:${partition}`,
    engineStatus: () => `${own.engineStatus()}:${partition}`,
    lease: () => `${own.lease()}:${partition}`,
    fence: () => `${own.fence()}:${partition}`,
  };
}

/**
 * centreSlotKeys are the keys every reader uses when each centre partition commits into its centre's
 * slot: slots() lists `{global}` (the roll-up's and everything shared) and each centre's, and an
 * incident's keys follow its id, which names its partition (`INC-20261204-k3f9a-shanghai-0001`).
 */
export function centreSlotKeys(keys: Keys, centres: readonly string[]): Keys {
  const own = new Map(centres.map((centre) => [centre, partitionKeys(keys, centre, centre)]));
  // `INC-<yyyymmdd>-<epoch tag>-<partition>-<number>` (pipeline/incident-ids.ts): the roll-up's, and any other, stay in {global}.
  const slotOf = (id: string): Keys => own.get(/^INC-\d{8}-[0-9a-z]+-(.+)-\d+$/.exec(id)?.[1] ?? '') ?? keys;
  return {
    ...keys,
    incident: (id) => slotOf(id).incident(id),
    timeline: (id) => slotOf(id).timeline(id),
    slots: () => [keys, ...own.values()],
  };
}
