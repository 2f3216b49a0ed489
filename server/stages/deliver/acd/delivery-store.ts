/**
 * DeliveryStore records every signed webhook delivery (ACD, IVR) in Redis: the event (so a dead letter
 * can be sent again), its status, every attempt and the last error.
 *
 *   track ─► pending ─► record(attempt) ─► delivered | failed (retried by the job runner) | skipped (no endpoint)
 *                                            failed ─► markDead (after the last attempt) ─► dead ─► reopen ─► pending
 *
 * Each change is one script, so a delivery is always in exactly one status index. With replica
 * acknowledgement (redis.ackReplicas), a delivery recorded as delivered is waited for (WAIT), so the
 * proof that stops a re-run step from sending it again survives a failover.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { confirmWrites, MASTER_ONLY, type ReplicaAck } from '../../../platform/redis/replica-ack.js';
import { defineScript, pipelineReplies, type RedisScript } from '../../../platform/redis/script.js';
import type { WebhookEvent } from '../webhook/event.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  /** The job's attempt number, 1 for the first. */
  attempt: number;
  at: number;
  outcome: 'delivered' | 'failed' | 'skipped';
  /** The ACD's HTTP status, when it answered. */
  httpStatus?: number;
  error?: string;
  /** How long the call took. */
  ms: number;
}

export interface Delivery {
  event: WebhookEvent;
  status: DeliveryStatus;
  /** Attempts made in all, across manual retries. */
  attempts: number;
  lastError?: string;
  createdAt: number;
  updatedAt: number;
  /** The latest attempts, oldest first (at most 50). */
  history: DeliveryAttempt[];
}

const KEEP_ATTEMPTS = 50;

// KEYS: record, attempts list, `all` index, the new status's index, every other status index.
// ARGV: id, status, at, ttl (s), precondition ('' any, '-' new only, '!status' any but that status,
//       else the required current status),
//       attempt JSON ('' none), event JSON ('' none), then field/value pairs ('' value deletes the field).
// Returns 1 when applied, 0 when the precondition failed, -1 for an unknown delivery.
const SAVE = `
local key, attempts = KEYS[1], KEYS[2]
local id, status, at, ttl, want, attempt, event = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7]
local current = redis.call('HGET', key, 'status')
if want == '-' and current then return 0 end
if want:sub(1, 1) == '!' then
  if current == want:sub(2) then return 0 end
elseif want ~= '' and want ~= '-' and current ~= want then return 0 end
if event ~= '' then
  redis.call('HSETNX', key, 'event', event)
  redis.call('HSETNX', key, 'createdAt', at)
end
if redis.call('HEXISTS', key, 'event') == 0 then return -1 end
redis.call('HSET', key, 'status', status, 'updatedAt', at)
for i = 8, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', key, ARGV[i]) else redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
end
if attempt ~= '' then
  redis.call('HINCRBY', key, 'attempts', 1)
  redis.call('RPUSH', attempts, attempt)
  redis.call('LTRIM', attempts, -${KEEP_ATTEMPTS}, -1)
  redis.call('EXPIRE', attempts, ttl)
end
redis.call('EXPIRE', key, ttl)
for i = 5, #KEYS do redis.call('ZREM', KEYS[i], id) end
redis.call('ZADD', KEYS[3], at, id)
redis.call('ZADD', KEYS[4], at, id)
for i = 3, #KEYS do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', at - ttl * 1000) end
return 1
`;

interface Change {
  status: DeliveryStatus;
  at: number;
  /** '' any, '-' only a new delivery, '!status' any but that status, else the status it must be in. */
  precondition?: '' | '-' | `!${DeliveryStatus}` | DeliveryStatus;
  attempt?: DeliveryAttempt;
  event?: WebhookEvent;
  fields?: Record<string, string>;
}

export class DeliveryStore {
  private readonly saveScript: RedisScript<number>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ack: ReplicaAck = MASTER_ONLY,
    private readonly retentionSec = 30 * 86400,
  ) {
    this.saveScript = defineScript(redis, 'surgeDeliverySave', SAVE);
  }

  /** track lists a delivery as pending when its job is queued; a known delivery is left as it is. */
  async track(event: WebhookEvent, at = Date.now()): Promise<void> {
    await this.save(event.id, { status: 'pending', at, precondition: '-', event });
  }

  /**
   * record notes one attempt and what it left the delivery as. False when a delivery recorded as
   * delivered was confirmed by fewer replicas than asked, in time (it is on the master only).
   * A delivery is delivered once: recording that again (a retry whose first reply was lost) changes nothing.
   */
  async record(event: WebhookEvent, attempt: DeliveryAttempt): Promise<boolean> {
    const status: DeliveryStatus = attempt.outcome;
    const precondition = status === 'delivered' ? '!delivered' : '';
    await this.save(event.id, { status, at: attempt.at, precondition, attempt, event, fields: { lastError: attempt.error ?? '' } });
    return status !== 'delivered' || confirmWrites(this.redis, this.keys.delivery(event.id), this.ack);
  }

  /** markDead files a delivery as a dead letter: the job runner's last attempt failed. */
  async markDead(id: string, error: string, at = Date.now()): Promise<void> {
    if ((await this.save(id, { status: 'dead', at, fields: { lastError: error } })) < 0) throw new Error(`no delivery ${id}`);
  }

  /** reopen puts a dead letter back to pending for another round of attempts; false when it was not dead. */
  async reopen(id: string, at = Date.now()): Promise<boolean> {
    return (await this.save(id, { status: 'pending', at, precondition: 'dead' })) === 1;
  }

  async get(id: string): Promise<Delivery | undefined> {
    return (await this.load([id]))[0];
  }

  /** list returns the most recently changed deliveries first, of one status or all. */
  async list(filter: { status?: DeliveryStatus | 'all'; limit?: number } = {}): Promise<Delivery[]> {
    const ids = await this.redis.zrevrange(this.keys.deliveries(filter.status ?? 'all'), 0, (filter.limit ?? 100) - 1);
    return this.load(ids);
  }

  private async save(id: string, change: Change): Promise<number> {
    const others = DELIVERY_STATUSES.filter((s) => s !== change.status).map((s) => this.keys.deliveries(s));
    const keys = [this.keys.delivery(id), this.keys.deliveryAttempts(id), this.keys.deliveries('all'), this.keys.deliveries(change.status), ...others];
    const args = [
      id,
      change.status,
      String(change.at),
      String(this.retentionSec),
      change.precondition ?? '',
      change.attempt ? JSON.stringify(change.attempt) : '',
      change.event ? JSON.stringify(change.event) : '',
      ...Object.entries(change.fields ?? {}).flat(),
    ];
    return this.saveScript(keys, args);
  }

  private async load(ids: string[]): Promise<Delivery[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.delivery(id)).lrange(this.keys.deliveryAttempts(id), 0, -1);
    const replies = await pipelineReplies(pipeline);
    const out: Delivery[] = [];
    for (let i = 0; i < ids.length; i++) {
      const hash = replies[2 * i] as Record<string, string>;
      if (!hash.event) continue; // expired between the index read and this one
      out.push({
        event: JSON.parse(hash.event) as WebhookEvent,
        status: hash.status as DeliveryStatus,
        attempts: Number(hash.attempts ?? 0),
        ...(hash.lastError ? { lastError: hash.lastError } : {}),
        createdAt: Number(hash.createdAt),
        updatedAt: Number(hash.updatedAt),
        history: (replies[2 * i + 1] as string[]).map((a) => JSON.parse(a) as DeliveryAttempt),
      });
    }
    return out;
  }
}
