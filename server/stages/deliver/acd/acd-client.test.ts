/**
 * ACD webhooks against a fake ACD that verifies Standard Webhooks signatures: what it
 * receives, how each failure is classified, and what the DeliveryStore records of it.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../config/types.js';
import { isRetryable } from '../sms/retryable.js';
import { createKeys } from '../../../platform/redis/keys.js';
import { demoConfig, quietLogger, rejection, useRedis } from '../../../test/support/env.js';
import { FakeAcd } from '../../../testkit/fake-acd.js';
import { RedisProcess } from '../../../testkit/redis-process.js';
import { waitUntil } from '../../../testkit/wait.js';
import { AcdClient, DeliveryError } from './acd-client.js';
import { DeliveryStore } from './delivery-store.js';
import type { AcdEvent } from './event.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const { prefix, redis } = useRedis('acd');
const store = new DeliveryStore(redis, createKeys(prefix));

let acd: FakeAcd;
let client: AcdClient;
beforeAll(async () => {
  acd = await FakeAcd.start(SECRET);
  client = new AcdClient(acdConfig({ hangzhou: acd.url, wuhan: await FakeAcd.unreachableUrl() }), quietLogger(), store);
});
afterEach(() => {
  acd.mode = 'ok';
});
afterAll(async () => {
  await acd.close();
});

function acdConfig(urls: Record<string, string>, secret = SECRET): Config {
  return demoConfig(prefix, (c) => {
    c.acd = { endpoints: new Map(Object.entries(urls).map(([centre, url]) => [centre, { url, secret }])), timeoutMs: 300 };
  });
}

let n = 0;
function event(centre = 'hangzhou', type: AcdEvent['type'] = 'seats.activate'): AcdEvent {
  n++;
  return { id: `INC-20261123-0001:red:${n}:${type}`, type, centre, data: { count: 6, seatType: 'home', queue: 'voice' } };
}

const failure = (promise: Promise<unknown>) => rejection(promise, DeliveryError);

describe('AcdClient.deliver', () => {
  it('posts the event signed: the ACD verifies it, and the delivery is recorded', async () => {
    const e = event();
    await client.deliver(e, 1);
    const received = acd.received.at(-1)!;
    expect(received.headers['webhook-id']).toBe(e.id);
    expect(received.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(received.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(received.json).toEqual({ id: e.id, type: 'seats.activate', centre: 'hangzhou', data: { count: 6, seatType: 'home', queue: 'voice' } });
    const delivery = await store.get(e.id);
    expect(delivery).toMatchObject({ event: e, status: 'delivered', attempts: 1, history: [{ attempt: 1, outcome: 'delivered', httpStatus: 204 }] });
    expect(delivery!.lastError).toBeUndefined();
  });

  it('a 500 is worth retrying; the retry carries the same webhook-id and then succeeds', async () => {
    const e = event('hangzhou', 'routing.changed');
    acd.mode = 'error500';
    const err = await failure(client.deliver(e, 1));
    expect(err).toMatchObject({ status: 500, retryable: true });
    expect(isRetryable(err)).toBe(true);
    expect(await store.get(e.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'ACD answered 500: routing engine unavailable' });

    acd.mode = 'ok';
    await client.deliver(e, 2);
    const ids = acd.verified.filter((r) => r.json.id === e.id).map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([e.id, e.id]);
    const delivery = await store.get(e.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(delivery!.history.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([[1, 'failed', 500], [2, 'delivered', 204]]);
  });

  it('a 400 is not worth retrying', async () => {
    acd.mode = 'bad-request';
    const err = await failure(client.deliver(event(), 1));
    expect(err).toMatchObject({ status: 400, retryable: false });
    expect(isRetryable(err)).toBe(false);
  });

  it('an ACD that does not answer times out, worth retrying', async () => {
    acd.mode = 'hang';
    const e = event();
    const err = await failure(client.deliver(e, 1));
    expect(err).toMatchObject({ status: undefined, retryable: true, message: 'ACD not reached: timed out' });
    expect((await store.get(e.id))!.history[0]!.ms).toBeGreaterThanOrEqual(290);
  });

  it('an ACD that is down is worth retrying', async () => {
    const e = event('wuhan');
    const err = await failure(client.deliver(e, 1));
    expect(err).toMatchObject({ retryable: true, message: 'ACD not reached: ECONNREFUSED' });
    expect(await store.get(e.id)).toMatchObject({ status: 'failed', lastError: 'ACD not reached: ECONNREFUSED' });
  });

  it('a wrong secret is refused by the ACD (401), not worth retrying', async () => {
    const wrong = new AcdClient(acdConfig({ hangzhou: acd.url }, 'whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE='), quietLogger(), store);
    const before = acd.rejected;
    const err = await failure(wrong.deliver(event(), 1));
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(acd.rejected).toBe(before + 1);
  });

  it('a centre without an ACD endpoint is recorded as skipped, visibly', async () => {
    const e = event('shanghai');
    await client.deliver(e, 1);
    expect(await store.get(e.id)).toMatchObject({ status: 'skipped', lastError: expect.stringMatching(/no ACD endpoint configured for centre shanghai/) });
    expect((await store.list({ status: 'skipped' })).map((d) => d.event.id)).toContain(e.id);
  });
});

describe('a delivery the ACD took while Redis cannot record it (a failover)', () => {
  it('waits for Redis to take the record, so the job does not send it again', async () => {
    // A Redis of its own that refuses writes (NOREPLICAS) while it asks for a replica it does not have.
    const own = await RedisProcess.start({ persistent: false });
    const redis = new Redis(own.url);
    try {
      const ownStore = new DeliveryStore(redis, createKeys(prefix));
      const ownClient = new AcdClient(acdConfig({ hangzhou: acd.url }), quietLogger(), ownStore);
      const e = event();
      await ownStore.track(e);
      await redis.config('SET', 'min-replicas-to-write', '1');
      const delivered = ownClient.deliver(e, 1);
      await waitUntil(() => acd.received.some((r) => r.json.id === e.id) || undefined, 'the ACD to take the webhook');
      // The record is refused now; it is taken once Redis takes writes again.
      expect(await ownStore.get(e.id)).toMatchObject({ status: 'pending', attempts: 0 });
      await redis.config('SET', 'min-replicas-to-write', '0');
      await delivered;
      expect(await ownStore.get(e.id)).toMatchObject({ status: 'delivered', attempts: 1, history: [{ attempt: 1, outcome: 'delivered', httpStatus: 204 }] });
      expect(acd.received.filter((r) => r.json.id === e.id)).toHaveLength(1);
    } finally {
      redis.disconnect();
      await own.destroy();
    }
  });

  it('recording a delivery as delivered twice (a retry whose first reply was lost) counts one attempt', async () => {
    const e = event();
    await store.track(e);
    const attempt = { attempt: 1, at: Date.now(), outcome: 'delivered', httpStatus: 204, ms: 3 } as const;
    await store.record(e, attempt);
    await store.record(e, attempt);
    expect(await store.get(e.id)).toMatchObject({ status: 'delivered', attempts: 1, history: [attempt] });
  });
});
