/**
 * fencedWrite applies a list of Redis writes atomically, and only while the fencing token
 * is still the newest: one Lua call, so it is all or nothing, and a deposed owner's
 * write fails with FENCED instead of landing.
 */
import type { Redis } from 'ioredis';

export type Command = [name: string, ...args: (string | number)[]];

/** The fencing token of the current lease term, read when a write is made. */
export interface Fence {
  key: string;
  token: () => number | null;
}

export class FencedError extends Error {}

const WRITE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED: the lease has passed to another instance') end
for _, c in ipairs(cjson.decode(ARGV[2])) do redis.call(unpack(c)) end
return 'OK'
`;

export async function fencedWrite(redis: Redis, fence: Fence, commands: Command[]): Promise<void> {
  const token = fence.token();
  if (token === null) throw new FencedError('not the lease holder: write refused');
  if (commands.length === 0) return;
  try {
    await redis.eval(WRITE, 1, fence.key, String(token), JSON.stringify(commands.map((c) => c.map(String))));
  } catch (err) {
    if ((err as Error).message.includes('FENCED')) throw new FencedError((err as Error).message);
    throw err;
  }
}
