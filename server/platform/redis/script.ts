/**
 * Helpers for the stores that keep their records in Redis: a Lua script registered once
 * per connection and called with its keys and arguments, and a pipeline whose replies
 * throw the first error instead of hiding it in a tuple.
 */
import type { ChainableCommander, Redis } from 'ioredis';

/** RedisScript runs one Lua script with its KEYS and ARGV. */
export type RedisScript<T> = (keys: string[], args: string[]) => Promise<T>;

/**
 * defineScript registers `lua` as the connection's command `name` (ioredis then sends
 * EVALSHA, and the script itself only when Redis no longer has it) and returns a caller.
 */
export function defineScript<T>(redis: Redis, name: string, lua: string): RedisScript<T> {
  redis.defineCommand(name, { lua });
  const command = (redis as unknown as Record<string, (numKeys: number, ...args: string[]) => Promise<T>>)[name]!;
  return (keys, args) => command.call(redis, keys.length, ...keys, ...args);
}

/** pipelineReplies runs a pipeline and returns its replies in order; the first failed command's error is thrown. */
export async function pipelineReplies(pipeline: ChainableCommander): Promise<unknown[]> {
  return ((await pipeline.exec()) ?? []).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
