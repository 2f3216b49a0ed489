/**
 * SmsStore keeps what the control screen shows about each SMS: Twilio's SID, our ref,
 * the masked recipient, the incident and the latest delivery status. Twilio's status
 * callbacks may arrive out of order, and even before the send that produced them has been
 * recorded, so a status only ever moves forward (queued → sent → delivered | undelivered | failed).
 *
 * With replica acknowledgement (redis.ackReplicas), a send's claim is answered only once that many
 * replicas hold it, in the same round trip (SET NX + WAIT): a master that dies after the claim cannot
 * leave a promoted replica without it, so a retry there never sends the message again. The record of
 * a sent message is waited for too, so the ref (the "already sent" proof, and the link from Twilio's
 * receipts back to the alert) survives a failover.
 */
import type { Redis } from 'ioredis';
import { maskPhone } from '../../../platform/log/log.js';
import type { Keys } from '../../../platform/redis/keys.js';
import { confirmWrites, MASTER_ONLY, withWait, type ReplicaAck } from '../../../platform/redis/replica-ack.js';
import { defineScript, pipelineReplies, type RedisScript } from '../../../platform/redis/script.js';
import type { Note } from '../../../platform/i18n/note.js';

export interface SmsRecord {
  sid: string;
  /** Our idempotency key of the message (absent until the send is recorded). */
  ref?: string;
  /** The recipient, masked: the full number is never stored. */
  to?: string;
  /** The recipient's name from the contact list, and the group or standby roster they were reached through. */
  contact?: string;
  group?: string;
  /** The group as a note (a standby roster's), for screens in other languages; absent on older records. */
  groupNote?: Note;
  incidentId?: string;
  status: string;
  /** Twilio's error code of an undelivered or failed message. */
  errorCode?: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * What claiming a send found: `claimed` (ours, held by the replicas asked for), `taken` (an attempt
 * was, or is, under way), or `unreplicated` (too few replicas confirmed our claim in time: it was
 * released and nothing may be sent now).
 */
export type Claim = 'claimed' | 'taken' | 'unreplicated';

/** How far along a message is; a status of lower rank than the stored one is stale. */
const RANK: Record<string, number> = { accepted: 0, scheduled: 0, queued: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4, canceled: 4, logged: 4, read: 5 };

// KEYS: record hash, index. ARGV: rank, status, at (ms), sid, ttl (s), errorCode ('' for none), then field/value pairs.
const SAVE = `
local key, index = KEYS[1], KEYS[2]
local at, ttl = tonumber(ARGV[3]), tonumber(ARGV[5])
for i = 7, #ARGV, 2 do redis.call('HSET', key, ARGV[i], ARGV[i + 1]) end
redis.call('HSETNX', key, 'sid', ARGV[4])
redis.call('HSETNX', key, 'createdAt', ARGV[3])
if tonumber(ARGV[1]) >= tonumber(redis.call('HGET', key, 'rank') or '-1') then
  redis.call('HSET', key, 'rank', ARGV[1], 'status', ARGV[2], 'updatedAt', ARGV[3])
  if ARGV[6] ~= '' then redis.call('HSET', key, 'errorCode', ARGV[6]) end
end
redis.call('EXPIRE', key, ttl)
redis.call('ZADD', index, 'NX', at, ARGV[4])
redis.call('ZREMRANGEBYSCORE', index, '-inf', at - ttl * 1000)
-- The ref (a sent message's) last: it tells a retry the message went out, so only a complete record sets it.
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'EX', ttl) end
return redis.call('HGETALL', key)
`;

export class SmsStore {
  private readonly saveScript: RedisScript<string[]>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ack: ReplicaAck = MASTER_ONLY,
    private readonly retentionSec = 30 * 86400,
  ) {
    this.saveScript = defineScript(redis, 'surgeSmsSave', SAVE);
  }

  /**
   * recordSent notes a message Twilio accepted; `to` is masked before it is stored. `replicated` is
   * false when fewer replicas than asked confirmed the record in time (it is on the master only).
   */
  async recordSent(sms: { sid: string; ref: string; to: string; contact?: string; group?: string; groupNote?: Note; incidentId?: string; status: string }, at: number): Promise<{ record: SmsRecord; replicated: boolean }> {
    const fields = [
      'ref',
      sms.ref,
      'to',
      maskPhone(sms.to),
      ...(sms.contact ? ['contact', sms.contact] : []),
      ...(sms.group ? ['group', sms.group] : []),
      ...(sms.groupNote ? ['groupNote', JSON.stringify(sms.groupNote)] : []),
      ...(sms.incidentId ? ['incidentId', sms.incidentId] : []),
    ];
    const record = await this.save(sms.sid, sms.status, undefined, at, fields, this.keys.smsRef(sms.ref));
    return { record, replicated: await confirmWrites(this.redis, this.keys.smsRef(sms.ref), this.ack) };
  }

  /** updateStatus applies a delivery receipt, unless a later status is already known; returns the record as it now stands. */
  updateStatus(sid: string, status: string, errorCode: string | undefined, at: number): Promise<SmsRecord> {
    return this.save(sid, status, errorCode, at, []);
  }

  async get(sid: string): Promise<SmsRecord | undefined> {
    const hash = await this.redis.hgetall(this.keys.sms(sid));
    return hash.sid ? toRecord(hash) : undefined;
  }

  /** sidForRef tells whether a message with this ref was already accepted (a retried job must not send it twice). */
  async sidForRef(ref: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.smsRef(ref))) ?? undefined;
  }

  /**
   * claimSend marks an attempt to send under `ref` as under way; `taken` when one already is
   * (or was, in a worker that died mid-send: the message may have gone out, so it is not sent again).
   * A claim too few replicas confirmed is released at once (we know nothing was sent under it), so
   * a later attempt may claim it again; were the release lost, that attempt finds it taken and does
   * not send: never twice.
   */
  async claimSend(ref: string): Promise<Claim> {
    const key = this.claimKey(ref);
    if (this.ack.replicas === 0) return (await this.redis.set(key, '1', 'EX', this.retentionSec, 'NX')) === 'OK' ? 'claimed' : 'taken';
    const { replies, enough } = await withWait(this.redis, this.ack, (p) => p.set(key, '1', 'EX', this.retentionSec, 'NX'));
    if (replies[0] !== 'OK') return 'taken';
    if (enough) return 'claimed';
    await this.releaseSend(ref);
    return 'unreplicated';
  }

  /** releaseSend ends an attempt whose failure we saw, so a retry may send. */
  async releaseSend(ref: string): Promise<void> {
    await this.redis.del(this.claimKey(ref));
  }

  private claimKey(ref: string): string {
    return `${this.keys.smsRef(ref)}:sending`;
  }

  /** claimInbound marks an inbound message as handled; false when it already was (a replay or a retry of it). */
  async claimInbound(sid: string, ttlSec: number): Promise<boolean> {
    return (await this.redis.set(this.keys.smsInbound(sid), '1', 'EX', ttlSec, 'NX')) === 'OK';
  }

  /** releaseInbound forgets an inbound message whose handling failed, so Twilio's retry is handled. */
  async releaseInbound(sid: string): Promise<void> {
    await this.redis.del(this.keys.smsInbound(sid));
  }

  /** list returns the newest messages first. */
  async list(limit = 100): Promise<SmsRecord[]> {
    const sids = await this.redis.zrevrange(this.keys.smsIndex(), 0, limit - 1);
    const pipeline = this.redis.pipeline();
    for (const sid of sids) pipeline.hgetall(this.keys.sms(sid));
    const hashes = (await pipelineReplies(pipeline)) as Record<string, string>[];
    return hashes.filter((h) => h.sid).map(toRecord);
  }

  private async save(sid: string, status: string, errorCode: string | undefined, at: number, fields: string[], refKey?: string): Promise<SmsRecord> {
    // Own keys only: a status such as "constructor" must rank 0, not read Object.prototype.
    const rank = Object.hasOwn(RANK, status) ? RANK[status] : 0;
    const args = [String(rank), status, String(at), sid, String(this.retentionSec), errorCode ?? '', ...fields];
    const flat = await this.saveScript([this.keys.sms(sid), this.keys.smsIndex(), ...(refKey ? [refKey] : [])], args);
    const hash: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
    return toRecord(hash);
  }
}

function toRecord(hash: Record<string, string>): SmsRecord {
  return {
    sid: hash.sid ?? '',
    ...(hash.ref ? { ref: hash.ref } : {}),
    ...(hash.to ? { to: hash.to } : {}),
    ...(hash.contact ? { contact: hash.contact } : {}),
    ...(hash.group ? { group: hash.group } : {}),
    ...(hash.groupNote ? { groupNote: JSON.parse(hash.groupNote) as Note } : {}),
    ...(hash.incidentId ? { incidentId: hash.incidentId } : {}),
    status: hash.status ?? '',
    ...(hash.errorCode ? { errorCode: hash.errorCode } : {}),
    createdAt: Number(hash.createdAt),
    updatedAt: Number(hash.updatedAt),
  };
}
