/**
 * fencedWrite applies a list of Redis writes atomically, and only while the fencing token
 * is still the newest and Redis is still in the epoch the term began in: one Lua call, and a
 * deposed owner's write fails with FENCED instead of landing. Redis does not undo a script's
 * writes when a later command fails, so every key a command needs of a kind (a hash, a list…) is
 * checked before the first write, as it will be when its command runs (after the write's own DELs
 * and SETs): a key overwritten with another type (an operator, a foreign tool) fails the whole
 * write with WRONGTYPE, and nothing of it lands. The
 * epoch check matters after Redis lost its state: the fence counter restarts, so a token alone
 * could match again and let the old term's state into the new epoch. The master check matters
 * after a failover (Sentinel): the new master may lack writes the term read on the old one, so a
 * term may only write to the master it began on (its replication id, read inside the script).
 */
import type { Redis } from 'ioredis';

/** An argument Redis puts together: the parts joined (a published message made of texts the same commit writes, sent once). */
export interface Joined {
  join: string[];
}

export type Command = [name: string, ...args: (string | number | Joined)[]];

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

/**
 * ARGV: token, the commands (JSON), epoch id, master replication id ('' skips), then the long arguments. In the commands JSON every
 * argument is a string, except a number n, which stands for ARGV[n]: a long argument (a checkpoint,
 * a scope's figures) travels once as its own bulk string instead of escaped inside the JSON, and Lua's
 * cjson never parses it; the same text in two commands travels once. An array is a Joined argument: its
 * parts (strings, or numbers for ARGV) joined, so a message quoting texts the commit writes (the published
 * delta quotes every scope's figures) does not send them twice.
 */
const WRITE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED: the lease has passed to another instance') end
local epoch = redis.call('GET', KEYS[2])
if not epoch or cjson.decode(epoch).id ~= ARGV[3] then return redis.error_reply('FENCED: Redis lost its state since this term began (epoch changed)') end
if ARGV[4] ~= '' and string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)') ~= ARGV[4] then
  return redis.error_reply('FENCED: another Redis master serves since this term began (failover)')
end
local function value(a)
  if type(a) == 'number' then return ARGV[a] end
  if type(a) == 'table' then
    local parts = {}
    for j, p in ipairs(a) do parts[j] = value(p) end
    return table.concat(parts)
  end
  return a
end
local commands = cjson.decode(ARGV[2])
local kinds = { HSET = 'hash', HDEL = 'hash', RPUSH = 'list', LREM = 'list', ZADD = 'zset', XADD = 'stream' }
-- What a key holds once the commands before have run: a DEL or SET of this write changes it (a checkpoint of an
-- earlier release, a string, is deleted before its hash is written).
local holds = {}
for _, c in ipairs(commands) do
  local name = c[1]
  if name == 'DEL' then
    for i = 2, #c do holds[value(c[i])] = 'none' end
  elseif name == 'SET' then
    holds[value(c[2])] = 'string'
  elseif kinds[name] then
    local key = value(c[2])
    local held = holds[key] or redis.call('TYPE', key).ok
    if held ~= 'none' and held ~= kinds[name] then
      return redis.error_reply('WRONGTYPE ' .. key .. ' holds a ' .. held .. ' where a ' .. kinds[name] .. ' belongs: nothing of this write was made')
    end
    holds[key] = kinds[name]
  end
end
for _, c in ipairs(commands) do
  for i = 2, #c do c[i] = value(c[i]) end
  redis.call(unpack(c))
end
return 'OK'
`;

/** Arguments at least this long go as their own ARGV (see WRITE). */
const LONG_ARGUMENT = 256;
/** ARGV before the long arguments: token, commands, epoch, master. */
const FIXED_ARGV = 4;

export async function fencedWrite(redis: Redis, fence: Fence, commands: Command[]): Promise<void> {
  const token = fence.token();
  const epoch = fence.epoch();
  if (token === null || epoch === null) throw new FencedError('not the lease holder: write refused');
  if (commands.length === 0) return;
  try {
    const { json, long } = encodeCommands(commands);
    await redis.eval(WRITE, 2, fence.key, fence.epochKey, String(token), json, epoch, fence.master?.() ?? '', ...long);
  } catch (err) {
    if ((err as Error).message.includes('FENCED')) throw new FencedError((err as Error).message);
    throw err;
  }
}

/** encodeCommands gives the commands JSON for WRITE, with each long argument replaced by its ARGV index (one per distinct text). */
export function encodeCommands(commands: Command[]): { json: string; long: string[] } {
  const long: string[] = [];
  const indexOf = new Map<string, number>();
  const text = (arg: string | number) => {
    const value = String(arg);
    if (value.length < LONG_ARGUMENT) return value;
    let index = indexOf.get(value);
    if (index === undefined) {
      long.push(value);
      indexOf.set(value, (index = FIXED_ARGV + long.length));
    }
    return index;
  };
  const encoded = commands.map((c) => c.map((arg) => (typeof arg === 'object' ? arg.join.map(text) : text(arg))));
  return { json: JSON.stringify(encoded), long };
}
