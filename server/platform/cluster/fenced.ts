/**
 * fencedWrite applies a list of Redis writes atomically, and only while the fencing token
 * is still the newest and Redis is still in the epoch the term began in: one Lua call, so it
 * is all or nothing, and a deposed owner's write fails with FENCED instead of landing. The
 * epoch check matters after Redis lost its state: the fence counter restarts, so a token alone
 * could match again and let the old term's state into the new epoch. The master check matters
 * after a failover (Sentinel): the new master may lack writes the term read on the old one, so a
 * term may only write to the master it began on (its replication id, read inside the script).
 */
import type { Redis } from 'ioredis';

export type Command = [name: string, ...args: (string | number)[]];

/** The fencing token and epoch of the current lease term, read when a write is made. */
export interface Fence {
  key: string;
  token: () => number | null;
  /** The epoch key (JSON with an `id`), and the id of the epoch the term began in. */
  epochKey: string;
  epoch: () => string | null;
  /** The replication id of the master the term began on; absent or '' skips the check. */
  master?: () => string | null;
}

export class FencedError extends Error {}

const WRITE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED: the lease has passed to another instance') end
local epoch = redis.call('GET', KEYS[2])
if not epoch or cjson.decode(epoch).id ~= ARGV[3] then return redis.error_reply('FENCED: Redis lost its state since this term began (epoch changed)') end
if ARGV[4] ~= '' and string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') ~= ARGV[4] then
  return redis.error_reply('FENCED: another Redis master serves since this term began (failover)')
end
for _, c in ipairs(cjson.decode(ARGV[2])) do redis.call(unpack(c)) end
return 'OK'
`;

export async function fencedWrite(redis: Redis, fence: Fence, commands: Command[]): Promise<void> {
  const token = fence.token();
  const epoch = fence.epoch();
  if (token === null || epoch === null) throw new FencedError('not the lease holder: write refused');
  if (commands.length === 0) return;
  try {
    await redis.eval(WRITE, 2, fence.key, fence.epochKey, String(token), JSON.stringify(commands.map((c) => c.map(String))), epoch, fence.master?.() ?? '');
  } catch (err) {
    if ((err as Error).message.includes('FENCED')) throw new FencedError((err as Error).message);
    throw err;
  }
}
