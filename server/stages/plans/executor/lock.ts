/** redisLock takes a short exclusive lock (SET NX PX) and returns its release, or undefined when held elsewhere. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function redisLock(redis: Redis, prefix: string) {
  return async (name: string, ms: number): Promise<(() => Promise<void>) | undefined> => {
    const key = `${prefix}:lock:${name}`;
    const token = randomUUID();
    if ((await redis.set(key, token, 'PX', ms, 'NX')) !== 'OK') return undefined;
    return async () => {
      await redis.eval(RELEASE, 1, key, token);
    };
  };
}
