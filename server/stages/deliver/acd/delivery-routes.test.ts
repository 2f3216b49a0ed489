/**
 * Dead letters end to end: an ACD that stays down fails every attempt, the job runner's
 * last failure files the delivery as dead, GET /v1/deliveries shows it with its attempts,
 * and a dispatcher's retry puts it back to pending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../platform/http/auth.js';
import { createKeys } from '../../../platform/redis/keys.js';
import { demoConfig, quietLogger, TOKENS, useRedis } from '../../../test/support/env.js';
import { FakeAcd } from '../../../testkit/fake-acd.js';
import { serveRoutes, type RouteServer } from '../../../testkit/route-server.js';
import { AcdClient } from './acd-client.js';
import { deliveryRoutes } from './delivery-routes.js';
import { DeliveryStore, type Delivery } from './delivery-store.js';
import type { AcdEvent } from './event.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const { prefix, redis } = useRedis('deliveries');
const store = new DeliveryStore(redis, createKeys(prefix));
const retried: [string, { by: Principal; reason: string }][] = [];
const config = demoConfig(prefix);

let server: RouteServer;
let client: AcdClient;
beforeAll(async () => {
  config.acd = { endpoints: new Map([['wuhan', { url: await FakeAcd.unreachableUrl(), secret: SECRET }]]), timeoutMs: 300 };
  client = new AcdClient(config, quietLogger(), store);
  server = await serveRoutes(config, deliveryRoutes({ store, retry: async (id, request) => void retried.push([id, request]) }));
});
afterAll(async () => {
  server.close();
});

const get = (path: string, token = TOKENS.dispatcher) => fetch(`${server.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
const post = (path: string, body: unknown, token = TOKENS.dispatcher) =>
  fetch(`${server.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const down: AcdEvent = { id: 'INC-20261123-0002:red:2:routing', type: 'routing.changed', centre: 'wuhan', data: { from: 'wuhan', to: [{ centre: 'hangzhou', share: 0.3 }] } };

describe('GET /v1/deliveries and retry', () => {
  it('lists a dead letter with its attempts, and sends it again on a dispatcher’s word', async () => {
    await store.track(down);
    expect((await store.get(down.id))!.status).toBe('pending');
    for (let attempt = 1; attempt <= 3; attempt++) await client.deliver(down, attempt).catch(() => undefined);
    await store.markDead(down.id, 'ACD not reached: ECONNREFUSED (3 attempts)');

    const res = await get('/v1/deliveries?status=dead');
    expect(res.status).toBe(200);
    const { deliveries } = (await res.json()) as { deliveries: Delivery[] };
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: down, status: 'dead', attempts: 3, lastError: 'ACD not reached: ECONNREFUSED (3 attempts)' });
    expect(deliveries[0]!.history.map((a) => [a.attempt, a.outcome, a.error])).toEqual([1, 2, 3].map((i) => [i, 'failed', 'ACD not reached: ECONNREFUSED']));
    expect(((await (await get('/v1/deliveries?status=all')).json()) as { deliveries: Delivery[] }).deliveries.map((d) => d.event.id)).toContain(down.id);
    expect(((await (await get('/v1/deliveries?status=failed')).json()) as { deliveries: Delivery[] }).deliveries).toEqual([]);

    const path = `/v1/deliveries/${encodeURIComponent(down.id)}/retry`;
    expect((await post(path, {})).status).toBe(400);
    const retry = await post(path, { reason: 'Wuhan ACD back after maintenance' });
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { delivery: Delivery }).delivery.status).toBe('pending');
    expect(retried).toEqual([[down.id, { by: { name: 'demo-dispatcher', role: 'dispatcher' }, reason: 'Wuhan ACD back after maintenance' }]]);
    expect(await store.list({ status: 'dead' })).toEqual([]);
    expect((await post(path, { reason: 'again' })).status).toBe(409);
  });

  it('answers 404 for an unknown delivery, 400 for an unknown status, 403 below dispatcher', async () => {
    expect((await post('/v1/deliveries/nope/retry', { reason: 'x' })).status).toBe(404);
    expect((await get('/v1/deliveries?status=lost')).status).toBe(400);
    expect((await get('/v1/deliveries', TOKENS.display)).status).toBe(403);
    expect((await post('/v1/deliveries/nope/retry', { reason: 'x' }, TOKENS.display)).status).toBe(403);
    await expect(store.markDead('nope', 'x')).rejects.toThrow(/no delivery nope/);
  });
});
