import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/log.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { REDIS_URL, removeKeys, uniquePrefix } from '../../testkit/redis.js';
import { epochMessage, epochTag, EpochWatcher, type EpochRecord, type StateLoss } from './epoch.js';
import { createKeys } from './keys.js';

const prefix = uniquePrefix('epoch');
const key = createKeys(prefix).epoch();
const NOW = Date.UTC(2031, 4, 6, 9, 30);
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await removeKeys(prefix);
});

/** watcher starts an EpochWatcher on `r` with its error lines and changes kept for the test. */
function watcher(r: Redis, at = NOW) {
  const errors: Record<string, unknown>[] = [];
  const changes: [EpochRecord, StateLoss][] = [];
  const logger = createLogger({ level: 'error', destination: { write: (line: string) => void errors.push(JSON.parse(line) as Record<string, unknown>) } });
  const w = new EpochWatcher(r, key, logger, (record, loss) => changes.push([record, loss]), () => at);
  return { w, errors, changes };
}

describe('epochTag', () => {
  it('is 5 base36 characters, the same for the same epoch, and differs between epochs', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `epoch-${i}`);
    for (const id of ids) expect(epochTag(id)).toMatch(/^[0-9a-z]{5}$/);
    expect(epochTag('k3f9a2')).toBe(epochTag('k3f9a2'));
    expect(new Set(ids.map(epochTag)).size).toBe(ids.length);
  });
});

describe('EpochWatcher', () => {
  it('writes one epoch at first start; every instance reads the same one; no loss', async () => {
    await redis.del(key);
    const a = watcher(redis);
    const b = watcher(redis, NOW + 5);
    const [first, second] = await Promise.all([a.w.check(), b.w.check()]);
    expect(first).toEqual(second);
    expect(first).toEqual({ id: expect.stringMatching(/^[0-9a-z]+$/), createdAt: expect.any(Number) });
    expect(a.w.loss).toBeUndefined();
    expect(epochMessage(first, a.w.loss)).toEqual({ type: 'epoch', asOf: first.createdAt, epoch: first.id });
  });

  it('a vanished epoch is replaced once (SET NX) and every instance reports the same loss loudly', async () => {
    await redis.del(key);
    const a = watcher(redis);
    const b = watcher(redis);
    const old = await a.w.check();
    await b.w.check();

    await redis.del(key); // what FLUSHALL does to it
    const c = watcher(redis, NOW + 60_000);
    const [fromA, fromB] = await Promise.all([a.w.check(), b.w.check()]);
    expect(fromA).toEqual(fromB);
    expect(fromA.id).not.toBe(old.id);
    expect(fromA.previous).toBe(old.id);

    for (const seen of [a, b]) {
      expect(seen.w.loss).toEqual({ at: fromA.createdAt, previousEpoch: old.id, epoch: fromA.id });
      expect(seen.changes).toEqual([[fromA, seen.w.loss]]);
      expect(seen.errors).toEqual([expect.objectContaining({ level: 50, previousEpoch: old.id, epoch: fromA.id, msg: expect.stringMatching(/Redis lost its state/) })]);
    }
    // An instance started after the loss learns of it from the record, without counting it as its own.
    await c.w.check();
    expect(c.w.loss).toEqual({ at: fromA.createdAt, previousEpoch: old.id, epoch: fromA.id });
    expect(c.changes).toEqual([]);
    expect(epochMessage(fromA, c.w.loss)).toEqual({ type: 'epoch', asOf: fromA.createdAt, epoch: fromA.id, lostAt: fromA.createdAt, previous: old.id });
  });

  it('notices an epoch that changed under it (written by an instance that never knew the old one)', async () => {
    await redis.del(key);
    const a = watcher(redis);
    const old = await a.w.check();
    await a.w.check();
    expect(a.changes).toEqual([]);
    await redis.set(key, JSON.stringify({ id: 'other', createdAt: NOW + 1 }));
    expect((await a.w.check()).id).toBe('other');
    expect(a.w.loss).toEqual({ at: NOW + 1, previousEpoch: old.id, epoch: 'other' });
  });

  it('watches on its own about once a second', async () => {
    await redis.del(key);
    const a = watcher(redis);
    await a.w.start(50);
    try {
      await redis.del(key);
      await expect.poll(() => a.changes.length, { timeout: 5000 }).toBe(1);
    } finally {
      a.w.stop();
    }
  });
});

describe('EpochWatcher on a Redis restarted without persistence', () => {
  it('notices the loss when the connection comes back, before its timer would', async () => {
    const server = await RedisProcess.start({ persistent: false });
    const r = new Redis(server.url, { retryStrategy: () => 50 });
    r.on('error', () => undefined);
    const a = watcher(r);
    try {
      const old = await a.w.start(3_600_000);
      await server.kill();
      await server.restart();
      await expect.poll(() => a.changes.length, { timeout: 10_000 }).toBe(1);
      expect(a.w.loss?.previousEpoch).toBe(old.id);
    } finally {
      a.w.stop();
      r.disconnect();
      await server.destroy();
    }
  });
});
