/**
 * A step's webhook is tracked and read back in one round trip. On a Redis that has lost its scripts
 * (a restart, SCRIPT FLUSH) ioredis sends the tracking script again after the read, so the read finds
 * no delivery yet: the webhook is still delivered, once, and a re-run of the step delivers nothing more.
 * A private redis-server (flushing the shared one's scripts would disturb other test files), a fake ACD.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../../platform/redis/keys.js';
import { demoConfig, quietLogger, uniquePrefix } from '../../../test/support/env.js';
import { FakeAcd } from '../../../testkit/fake-acd.js';
import { RedisProcess } from '../../../testkit/redis-process.js';
import { AcdClient, DeliveryStore } from '../../deliver/acd/index.js';
import type { WebhookEvent } from '../../deliver/webhook/event.js';
import { sendWebhook, type WebhookDeps } from './webhook-job.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const prefix = uniquePrefix('send-webhook');
let server: RedisProcess;
let redis: Redis;
let acd: FakeAcd;
let deps: WebhookDeps;

beforeAll(async () => {
  server = await RedisProcess.start({ persistent: false });
  redis = new Redis(server.url);
  acd = await FakeAcd.start(SECRET);
  const config = demoConfig(prefix, (c) => {
    c.acd = { endpoints: new Map([['hangzhou', { url: acd.url, secret: SECRET }]]), timeoutMs: 2000 };
  });
  const deliveries = new DeliveryStore(redis, createKeys(prefix));
  deps = { deliveries, acd: new AcdClient(config, quietLogger(), deliveries), queue: undefined, ivr: undefined } as unknown as WebhookDeps;
});

afterAll(async () => {
  redis.disconnect();
  await acd.close();
  await server.destroy();
});

describe('sendWebhook', () => {
  it('delivers once when Redis had lost the tracking script, and not again when the step runs again', async () => {
    const event = (n: number): WebhookEvent => ({ id: `routing.INC-20261205-0001:red:plan:${n}`, type: 'routing.changed', centre: 'hangzhou', data: { to: [] } });
    // Once, so this connection has sent the script; then Redis loses it.
    await sendWebhook(deps, event(0));
    await redis.script('FLUSH');
    const commands: string[] = [];
    const monitor = await redis.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(String(args[0]).toLowerCase()));

    await sendWebhook(deps, event(1));
    await sendWebhook(deps, event(1));
    monitor.disconnect();

    // The read went before the script: the case under test did happen.
    const firstRead = commands.indexOf('hgetall');
    expect(firstRead).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('eval')).toBeGreaterThan(firstRead);
    expect(acd.received.filter((r) => r.json.id === event(1).id)).toHaveLength(1);
    expect(await deps.deliveries.get(event(1).id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});
