/**
 * Lease gives one instance at a time the right to run the pipeline (metrics engine,
 * rules, incidents). Each acquisition bumps a fencing token; writes made under the lease
 * carry it (see fenced.ts), so an owner that stalled and lost its lease without noticing
 * cannot overwrite its successor's work.
 */
import type { Redis } from 'ioredis';

// KEYS: lease, fence counter. ARGV: instance id, ttl ms. Returns the token held, or 0.
const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
if not v then
  local t = redis.call('INCR', KEYS[2])
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. t, 'PX', ARGV[2])
  return t
end
local bar = string.find(v, '|', 1, true)
if string.sub(v, 1, bar - 1) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(string.sub(v, bar + 1))
end
return 0
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
}

export class Lease {
  constructor(
    private readonly redis: Redis,
    readonly keys: LeaseKeys,
    readonly instanceId: string,
    readonly ttlMs: number,
  ) {
    if (instanceId.includes('|')) throw new Error('instance id may not contain |');
  }

  /** hold acquires or renews the lease: the fencing token while we hold it, else null. */
  async hold(): Promise<number | null> {
    const token = Number(await this.redis.eval(ACQUIRE, 2, this.keys.lease, this.keys.fence, this.instanceId, String(this.ttlMs)));
    return token > 0 ? token : null;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.lease, this.instanceId);
  }
}
