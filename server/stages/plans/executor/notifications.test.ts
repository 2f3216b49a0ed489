/**
 * The notifications' store and the start of a notification's first tick, against real Redis: a
 * notification is created once and is running until done; the step that starts one takes the tick's
 * lock in the same round trip as the write, and gives the lock back when the write fails.
 */
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../../platform/redis/keys.js';
import { quietLogger, useRedis } from '../../../test/support/env.js';
import { redisLock } from './lock.js';
import { NotificationStore, type Notification } from './notifications.js';
import { tickNotification, type NotifyDeps } from './notify-job.js';

const { prefix, redis } = useRedis('notifications');
const keys = createKeys(prefix);
const store = new NotificationStore(redis, keys);

function notification(key: string, change: Partial<Notification> = {}): Notification {
  return { key, incidentId: 'INC-1', level: 'red', group: 'duty', template: 'default', state: { sent: [], acknowledgedAt: null }, done: null, ...change };
}

describe('NotificationStore', () => {
  it('creates a notification once, running until it is done; a retry finding it done leaves it done and not running', async () => {
    expect(await store.create(notification('a'))).toEqual(notification('a'));
    expect(await store.create(notification('a', { group: 'other' }))).toEqual(notification('a'));
    expect(await store.running()).toEqual(['a']);

    await store.put(notification('a', { done: 'acknowledged' }));
    expect(await store.running()).toEqual([]);
    expect(await store.create(notification('a'))).toEqual(notification('a', { done: 'acknowledged' }));
    expect(await store.running()).toEqual([]);
    expect(await store.get('a')).toEqual(notification('a', { done: 'acknowledged' }));
  });
});

describe('tickNotification with the notification to start', () => {
  it('gives the lock back when the write fails, so the retried step can tick at once', async () => {
    const lock = redisLock(redis, prefix);
    const deps = { notifications: store, lock, logger: quietLogger() } as unknown as NotifyDeps;
    // A key of the wrong type makes the write fail in Redis itself.
    await redis.set(keys.notifications(), 'not a hash');
    try {
      await expect(tickNotification(deps, 'b', notification('b'))).rejects.toThrow(/WRONGTYPE/);
      const again = await lock('notify:b', 1000);
      expect(again).toBeDefined();
      await again?.();
    } finally {
      await redis.del(keys.notifications());
    }
  });

  it('says another tick holds the notification (its caller then queues a job), having created it all the same', async () => {
    const held = await redisLock(redis, prefix)('notify:c', 10_000);
    const deps = { notifications: store, lock: redisLock(redis, prefix), logger: quietLogger() } as unknown as NotifyDeps;
    expect(await tickNotification(deps, 'c', notification('c'))).toBe(false);
    expect(await store.get('c')).toEqual(notification('c'));
    expect(await store.running()).toContain('c');
    await held!();
  });
});
