/**
 * Lease gives one instance at a time the right to run the pipeline (metrics engine,
 * rules, incidents). Each acquisition bumps a fencing token; writes made under the lease
 * carry it (see fenced.ts), so an owner that stalled and lost its lease without noticing
 * cannot overwrite its successor's work.
 */
import type { Redis } from 'ioredis';

// KEYS: lease, fence counter[, epoch copy]. ARGV: instance id, ttl ms[, epoch record, '1' to write the copy].
// Returns the token held (or 0) and the copy as found: 0 current, 1 missing, 2 another epoch's; when another instance
// holds the lease, also the milliseconds it has left. The holder writes
// the copy with the epoch it confirmed: a term in an older epoch is fenced from then on.
const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
local t = 0
if not v then
  t = redis.call('INCR', KEYS[2])
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. t, 'PX', ARGV[2])
else
  local bar = string.find(v, '|', 1, true)
  if string.sub(v, 1, bar - 1) ~= ARGV[1] then return {0, 0, redis.call('PTTL', KEYS[1])} end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  t = tonumber(string.sub(v, bar + 1))
end
if not KEYS[3] then return {t, 0} end
local copy = redis.call('GET', KEYS[3])
if copy == ARGV[3] then return {t, 0} end
if ARGV[4] == '1' then redis.call('SET', KEYS[3], ARGV[3]) end
return {t, copy and 2 or 1}
`;

// KEYS: lease. ARGV: instance id. Deletes the lease only if we hold it.
const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface LeaseKeys {
  lease: string;
  fence: string;
  /**
   * A copy of the Redis epoch beside the fence, for fenced writes in a slot without the epoch key
   * (a centre partition's, on Redis Cluster): the holder writes the epoch it confirmed into it.
   */
  epochCopy?: string;
}

/** A lease's epoch copy as hold() found it (always `current` for a lease without one). */
export type EpochCopy = 'current' | 'missing' | 'stale';
const COPY_FOUND: EpochCopy[] = ['current', 'missing', 'stale'];

export class Lease {
  constructor(
    private readonly redis: Redis,
    readonly keys: LeaseKeys,
    readonly instanceId: string,
    readonly ttlMs: number,
  ) {
    if (instanceId.includes('|')) throw new Error('instance id may not contain |');
  }

  /**
   * hold acquires or renews the lease in the epoch just confirmed: the fencing token while we hold it, else
   * null with how long the holder's lease has left (`othersMs`), and the epoch copy as found (`missing`: a first
   * term, or its slot lost its state). The copy is written only when `writeCopy`: until it holds the term's
   * epoch, no fenced write of the term passes.
   */
  async hold(epoch: string, writeCopy: boolean): Promise<{ token: number | null; copy: EpochCopy; othersMs?: number }> {
    const { lease, fence, epochCopy } = this.keys;
    const copy = epochCopy === undefined ? [] : [epochCopy, JSON.stringify({ id: epoch }), writeCopy ? '1' : '0'];
    const [token, found, othersMs] = (await this.redis.eval(ACQUIRE, copy.length ? 3 : 2, lease, fence, ...copy.slice(0, 1), this.instanceId, String(this.ttlMs), ...copy.slice(1))) as [number, number, number?];
    return { token: token > 0 ? token : null, copy: COPY_FOUND[found]!, ...(othersMs !== undefined && othersMs >= 0 ? { othersMs } : {}) };
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.lease, this.instanceId);
  }
}
