/**
 * FLUSHALL during a surge (on a private redis-server, so no other test's keys are wiped): Redis
 * lost its state, and nothing may pretend otherwise. /readyz and /metrics of both instances say
 * so (the same loss), a screen that was connected is told, a newly connected screen on either
 * instance no longer gets the old incident, banner or routing, and the next incident's id (and so
 * its SMS ack code) differs from every earlier one. With one pipeline and with a lease per centre.
 */
import { Redis } from 'ioredis';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../main.js';
import { ackCode } from '../../stages/plans/index.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { api, quietLogger, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { AUTH_TOKEN, CALM_NOTIFY, phoneOf, setUp, tearDown, traffic, type PlanWorld } from '../support/plan-world.js';

type Message = { type: string; epoch?: string; lostAt?: number; previous?: string; latest?: Message[]; incidents?: { id: string }[]; banners?: unknown[]; routes?: unknown[]; levels?: Record<string, string> };

/** screen connects like a wallboard and keeps every message it receives. */
function screen(port: number): Promise<{ ws: WebSocket; messages: Message[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/live?token=${TOKENS.display}`);
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

/** firstMessage opens a screen and gives its first message (a snapshot may span several TCP reads), then closes it. */
async function firstMessage(port: number): Promise<Message> {
  const { ws, messages } = await screen(port);
  try {
    return await waitUntil(() => messages[0], 'the first message');
  } finally {
    ws.close();
  }
}

const kept = (snapshot: Message, type: string) => snapshot.latest?.find((m) => m.type === type);

describe.each(['whole', 'centres'] as const)('FLUSHALL during a surge, pipelinePartitions %s', (partitions) => {
  const prefix = uniquePrefix(`flush-${partitions}`);
  let redis: RedisProcess;
  let w: PlanWorld;
  /** A second instance on the same Redis: it learns of everything through Redis alone. */
  let other: RunningServer;
  beforeAll(async () => {
    redis = await RedisProcess.start({ persistent: false });
    w = await setUp(prefix, CALM_NOTIFY, { redisUrl: redis.url, configure: (c) => void (c.server.pipelinePartitions = partitions) });
    other = await startServer(w.config, quietLogger(), { port: 0 });
  });
  afterAll(async () => {
    await other.stop();
    await tearDown(w, prefix);
    await redis.destroy();
  });

  it('is reported everywhere, and no screen, id or ack code carries the old state across', async () => {
    const { base, config } = w;
    const incidents = async () => ((await (await api(base).get('/v1/incidents')).json()) as { incidents: { id: string; level: string; state: string }[] }).incidents;
    const t = traffic(prefix);
    await api(base).postEvents(t.spare());
    await api(base).postEvents(t.queue(9));
    const oldId = await waitUntil(async () => (await incidents()).find((i) => i.level === 'red')?.id, 'a red incident');
    // With a lease per centre, ids carry the partition that opened them.
    expect(oldId.includes('-wuhan-')).toBe(partitions === 'centres');
    const before = await screen(w.server.port);
    const old = await waitUntil(async () => {
      const snap = await firstMessage(w.server.port);
      return snap && (kept(snap, 'banners')?.banners ?? []).length > 0 && (kept(snap, 'routing')?.routes ?? []).length > 0 ? snap : undefined;
    }, 'a snapshot with the banner and the routing');
    const oldEpoch = kept(old, 'epoch')!.epoch!;
    expect(kept(old, 'incidents')!.incidents!.map((i) => i.id)).toContain(oldId);
    expect(((await (await fetch(`${base}/readyz`)).json()) as object)).not.toHaveProperty('redisStateLost');

    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();

    // /readyz says so, and stays 200: every instance sees the same loss, draining them all helps no one.
    const readyz = (at: string) =>
      waitUntil(async () => {
        const res = await fetch(`${at}/readyz`);
        const body = (await res.json()) as { redisStateLost?: { at: number; previousEpoch: string; epoch: string } };
        return body.redisStateLost ? { status: res.status, loss: body.redisStateLost } : undefined;
      }, `${at}/readyz to report the loss`);
    const ready = await readyz(base);
    expect(ready.status).toBe(200);
    expect(ready.loss).toEqual({ at: expect.any(Number), previousEpoch: oldEpoch, epoch: expect.not.stringMatching(oldEpoch) });
    expect(await readyz(`http://127.0.0.1:${other.port}`)).toEqual(ready);
    const metrics = await (await api(base).get('/metrics', 'demo-admin-token')).text();
    expect(metrics).toContain('surge_redis_state_losses_total 1');
    expect(metrics).toContain(`surge_redis_state_lost_timestamp_seconds ${ready.loss.at / 1000}`);

    // The screen that was connected is told, with both epochs.
    const told = await waitUntil(() => before.messages.find((m) => m.type === 'epoch' && m.epoch === ready.loss.epoch), 'the epoch message');
    expect(told).toMatchObject({ lostAt: ready.loss.at, previous: oldEpoch });
    before.ws.close();

    // A newly connected screen, on either instance, gets the new epoch and none of the old emergency.
    for (const port of [w.server.port, other.port]) {
      const fresh = await firstMessage(port);
      expect(kept(fresh, 'epoch')).toMatchObject({ epoch: ready.loss.epoch, previous: oldEpoch });
      // None, or (a partition's merge after its new term began) an empty list.
      expect(kept(fresh, 'incidents')?.incidents ?? []).toEqual([]);
      expect(kept(fresh, 'banners')).toBeUndefined();
      expect(kept(fresh, 'routing')).toBeUndefined();
      expect(kept(fresh, 'levels')?.levels ?? {}).toEqual({});
    }
    expect(await incidents()).toEqual([]);

    // The next surge opens an incident whose id, and ack code, no earlier incident had.
    await api(base).postEvents(t.queue(9));
    const newId = await waitUntil(async () => (await incidents()).find((i) => i.level === 'red')?.id, 'a red incident in the new epoch');
    expect(newId).not.toBe(oldId);
    expect(newId.slice(-4)).toBe(oldId.slice(-4)); // the counter restarted; the epoch tag tells them apart
    expect(ackCode(newId)).not.toBe(ackCode(oldId));
    // The other instance's screens get the new epoch's news.
    await waitUntil(async () => {
      const snap = await firstMessage(other.port);
      return snap && kept(snap, 'incidents')?.incidents?.some((i) => i.id === newId);
    }, 'the new incident on the other instance');
    // The duty manager answers the old alert: it acknowledges nothing.
    const params = { From: phoneOf(config, 'li-wei'), Body: `ACK ${ackCode(oldId)}`, MessageSid: 'SM-old' };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${config.server.publicUrl}/v1/twilio/inbound`, params);
    const reply = await fetch(`${base}/v1/twilio/inbound`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    expect(await reply.text()).toContain(`No open incident has the code ${ackCode(oldId)}`);
    const incident = ((await (await api(base).get(`/v1/incidents/${newId}`)).json()) as { incident: { acknowledged?: unknown } }).incident;
    expect(incident.acknowledged ?? null).toBeNull();
  }, 60_000);
});
