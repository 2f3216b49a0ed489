/**
 * commitStep writes one step's results in one fenced Lua call, all or nothing:
 *
 *   pipeline state ─ incidents + timelines ─ outbox (plan intents) ─ command replies (and the
 *   removal of exactly the commands answered) ─ audit ─ read model (changed figures, asOf,
 *   latest live messages, engine status) ─ checkpoints when due (their changed fields) ─ PUBLISH of the news
 *   then, once committed: XACK of the checkpointed entries, one call per centre
 *
 * The PUBLISHes run inside the same script, after the writes, so a screen is never told of
 * anything that was not committed; a deposed lease holder's commit fails with FENCED.
 * The acknowledgements stay out of the script because a centre's stream lives in its own
 * Cluster slot (keys.ts); one lost with a crash only leaves entries pending that recovery
 * skips (they are at or before the checkpoint) and the next checkpoint acknowledges.
 */
import type { Redis } from 'ioredis';
import type { AuditEntry } from '../platform/audit/log.js';
import { fencedWrite, type Command, type Fence, type Joined } from '../platform/cluster/fenced.js';
import { METRICS_GROUP, type Keys } from '../platform/redis/keys.js';
import type { Answer } from '../stages/incidents/commands.js';
import type { IncidentChanges } from '../stages/incidents/types.js';
import type { MetricsByScope } from '../stages/metrics/types.js';
import type { LiveMessage } from '../stages/push/messages.js';
import type { FieldWrites } from '../stages/stream/checkpoint-fields.js';
import type { PlanIntent } from './step.js';

/** MetricsDelta is the message on the metrics channel: the scopes whose figures changed. */
export interface MetricsDelta {
  asOf: number;
  scopes: MetricsByScope;
}

/** StepCommit is everything one step leaves behind. */
export interface StepCommit {
  asOf: number;
  /** The saved pipeline state (JSON), engine excluded. */
  state: string;
  /** Scopes whose figures changed since the last commit, each as its JSON text (stringified once, by the runner). */
  figures: Record<string, string>;
  incidents: IncidentChanges;
  intents: PlanIntent[];
  /** Answers, each with the exact text of the command it answers (removed by value). */
  replies: { requestId: string; answer: Answer; command: string }[];
  /** Commands that could not even be read: removed without an answer. */
  unreadable: string[];
  audit: AuditEntry[];
  live: LiveMessage[];
  /** The lease holder's engine status (JSON) for /v1/status. */
  status: string;
  /** Set in a pipeline partition: its levels and open incidents go to its own keys, merged by mergeLive. */
  partition?: string;
  /** A centre partition's changed parts of the scopes across centres (CentreRollUp JSON by centre). */
  parts?: Record<string, string>;
  /** Present when a checkpoint is due: the writes to each centre's checkpoint fields, and the entries it acknowledges. */
  checkpoints?: { centre: string; writes: FieldWrites; ack: string[] }[];
}

const REPLY_TTL_SEC = 60;
const STATUS_TTL_MS = 10_000;
/** Lua's unpack takes a few thousand arguments at most: long argument lists go in slices. */
const SLICE = 500;

export async function commitStep(redis: Redis, keys: Keys, fence: Fence, commit: StepCommit): Promise<void> {
  await fencedWrite(redis, fence, stepCommands(keys, commit));
  await Promise.all(
    (commit.checkpoints ?? []).flatMap(({ centre, ack }) => slices(ack).map((ids) => redis.xack(keys.stream(centre), METRICS_GROUP, ...ids))),
  );
}

function slices<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) out.push(items.slice(i, i + SLICE));
  return out;
}

/** checkpointCommands: the hash written whole (DEL first) or field by field, SLICE fields a command. */
function checkpointCommands(key: string, writes: FieldWrites): Command[] {
  const out: Command[] = writes.whole ? [['DEL', key]] : [];
  for (const fields of slices(writes.set)) out.push(['HSET', key, ...fields.flat()]);
  for (const fields of slices(writes.remove)) out.push(['HDEL', key, ...fields]);
  return out;
}

/** stepCommands lists the writes (then the publishes) of one commit, in order. */
export function stepCommands(keys: Keys, c: StepCommit): Command[] {
  const out: Command[] = [['SET', keys.pipelineState(), c.state]];
  for (const incident of c.incidents.incidents) {
    const json = JSON.stringify(incident);
    out.push(['SET', keys.incident(incident.id), json], ['ZADD', keys.incidentIndex(), incident.openedAt, incident.id]);
    out.push(incident.state === 'open' ? ['HSET', keys.openIncidents(), incident.id, json] : ['HDEL', keys.openIncidents(), incident.id]);
  }
  for (const { id, entry } of c.incidents.timeline) out.push(['RPUSH', keys.timeline(id), JSON.stringify(entry)]);
  for (const intent of c.intents) out.push(['RPUSH', keys.outbox(), JSON.stringify(intent)]);
  for (const { requestId, answer, command } of c.replies) {
    out.push(['SET', keys.incidentReply(requestId), JSON.stringify(answer), 'EX', REPLY_TTL_SEC], ['LREM', keys.incidentCommands(), 1, command]);
  }
  for (const command of c.unreadable) out.push(['LREM', keys.incidentCommands(), 1, command]);
  for (const entry of c.audit) out.push(['XADD', keys.audit(), '*', 'entry', JSON.stringify(entry)]);

  const scopes = Object.entries(c.figures).flat();
  for (let i = 0; i < scopes.length; i += SLICE * 2) out.push(['HSET', keys.metrics(), ...scopes.slice(i, i + SLICE * 2)]);
  out.push(['SET', keys.metricsAsOf(), c.asOf], ['SET', keys.engineStatus(), c.status, 'PX', STATUS_TTL_MS]);
  const { partition } = c;
  const published = partition === undefined ? c.live : [];
  for (const message of published) out.push(['SET', keys.liveLast(message.type), JSON.stringify(message)]);
  if (partition !== undefined) for (const [type, share] of Object.entries(liveShares(c.live))) out.push(['SET', keys.partitionLive(partition, type as ShareType), share]);
  for (const [centre, part] of Object.entries(c.parts ?? {})) out.push(['HSET', keys.rollUpParts(), centre, part]);
  for (const { centre, writes } of c.checkpoints ?? []) out.push(...checkpointCommands(keys.checkpoint(centre), writes));

  if (scopes.length > 0) out.push(['PUBLISH', keys.metricsChannel(), metricsDelta(c.asOf, c.figures)]);
  for (const message of published) out.push(['PUBLISH', keys.liveChannel(), JSON.stringify(message)]);
  return out;
}

export type ShareType = 'levels' | 'incidents';

/** A step announces only levels and incidents: a partition commits its share of each (the field named as the type). */
function shareType(message: LiveMessage): ShareType {
  if (message.type !== 'levels' && message.type !== 'incidents') throw new Error(`a step does not announce "${message.type}"`);
  return message.type;
}

// KEYS: the merged message's key, the shares hash. ARGV: type, asOf, channel, '{}' or '[]', the partition,
// `<epoch>|<fencing token>|<share>`, then every partition in order. A partition's share replaces the one held
// unless that came from a newer term of the same epoch (a deposed term merging late). Shares are joined as text:
// a partition's levels are its own scopes, its incidents its own. The asOf never goes back (screens ignore an
// older message), whichever instance's clock merges.
const MERGE = `
local asOf = tonumber(ARGV[2])
local previous = redis.call('GET', KEYS[1])
local before = previous and tonumber(string.match(previous, '"asOf":(%d+)'))
if before and before > asOf then asOf = before end
local held = redis.call('HGET', KEYS[2], ARGV[5])
local epoch, token = string.match(ARGV[6], '^([^|]*)|(%d+)|')
local heldEpoch, heldToken = nil, nil
if held then heldEpoch, heldToken = string.match(held, '^([^|]*)|(%d+)|') end
if not held or heldEpoch ~= epoch or tonumber(heldToken) <= tonumber(token) then redis.call('HSET', KEYS[2], ARGV[5], ARGV[6]) end
local shares = {}
for i = 7, #ARGV do
  local v = redis.call('HGET', KEYS[2], ARGV[i])
  local share = v and string.match(v, '^[^|]*|%d+|(.*)$')
  if share and #share > 2 then table.insert(shares, string.sub(share, 2, -2)) end
end
local message = '{"type":"' .. ARGV[1] .. '","asOf":' .. string.format('%d', asOf) .. ',"' .. ARGV[1] .. '":' .. string.sub(ARGV[4], 1, 1) .. table.concat(shares, ',') .. string.sub(ARGV[4], 2, 2) .. '}'
redis.call('SET', KEYS[1], message)
redis.call('PUBLISH', ARGV[3], message)
`;

/** What a partition merges: its id, every partition's in order, and the term it merges in (its fence). */
export interface MergeBy {
  partition: string;
  all: readonly string[];
  fence: Fence;
}

/**
 * mergeLive makes the levels and incidents messages every reader and screen sees from the shares the
 * pipeline partitions committed, and publishes them. Each partition commits its share in its own slot
 * (partitionLive) and, once committed, hands it to one `{global}` script holding every partition's last
 * share: no script spans slots, and the last run still joins the latest share of all. It runs after a
 * partition's commit, with the shares it committed, and at a term's start with those read back (a merge
 * lost after a commit is made then): nothing is announced that was not committed.
 */
export async function mergeLive(redis: Redis, keys: Keys, by: MergeBy, shares: Partial<Record<ShareType, string>>, asOf: number): Promise<void> {
  const term = `${by.fence.epoch() ?? ''}|${by.fence.token() ?? 0}|`;
  for (const [type, share] of Object.entries(shares) as [ShareType, string][]) {
    await redis.eval(MERGE, 2, keys.liveLast(type), keys.liveShares(type), type, String(asOf), keys.liveChannel(), type === 'levels' ? '{}' : '[]', by.partition, term + share, ...by.all);
  }
}

/** committedShares reads back the levels and incidents a partition last committed (empty when it never did). */
export async function committedShares(redis: Redis, keys: Keys, partition: string): Promise<Record<ShareType, string>> {
  const [levels, incidents] = await Promise.all((['levels', 'incidents'] as const).map((type) => redis.get(keys.partitionLive(partition, type))));
  return { levels: levels ?? '{}', incidents: incidents ?? '[]' };
}

/** liveShares gives the shares a step's live messages carry (what its commit writes to partitionLive). */
export function liveShares(live: readonly LiveMessage[]): Partial<Record<ShareType, string>> {
  return Object.fromEntries(live.map((message) => [shareType(message), JSON.stringify(message[message.type])]));
}

/**
 * metricsDelta is the JSON of a MetricsDelta, put together by Redis from the scopes' texts the same commit writes
 * (fenced.ts, Joined): they are neither stringified again nor sent twice.
 */
export function metricsDelta(asOf: number, figures: Record<string, string>): Joined {
  const join = [`{"asOf":${JSON.stringify(asOf)},"scopes":{`];
  for (const [scope, text] of Object.entries(figures)) join.push(`${join.length > 1 ? ',' : ''}${JSON.stringify(scope)}:`, text);
  join.push('}}');
  return { join };
}
