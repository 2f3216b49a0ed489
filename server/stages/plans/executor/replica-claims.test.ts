/**
 * Alerts across a Redis failover, with private redis-servers (a master, its replica) and the real
 * Twilio SDK pointed at a fake Twilio. With redis.ackReplicas 1 an SMS is sent only once a replica
 * holds its claim: a master without a replica sends nothing (the attempt is retried, the last one
 * gives up), and a master killed -9 after a claim its replica never got leaves the promoted replica
 * nothing to send twice from. With ackReplicas 0 it is sent as before. A delivered webhook whose
 * record the replicas did not confirm stays delivered (never resent for that). And an attempt whose
 * reads fail gives back the claim it took beside them, so its retry sends.
 */
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../config/types.js';
import { createKeys } from '../../../platform/redis/keys.js';
import { MASTER_ONLY, type ReplicaAck } from '../../../platform/redis/replica-ack.js';
import { demoConfig, quietLogger, uniquePrefix, waitUntil } from '../../../test/support/env.js';
import { FakeTwilio } from '../../../testkit/fake-twilio.js';
import { RedisProcess } from '../../../testkit/redis-process.js';
import { ReadModel } from '../../../pipeline/read-model.js';
import { DeliveryStore } from '../../deliver/acd/index.js';
import { createSmsSender, SmsStore } from '../../deliver/sms/index.js';
import { IncidentStore } from '../../incidents/store.js';
import { incident } from '../testing.js';
import type { ExecutorDeps } from './deps.js';
import { smsJob } from './notify-job.js';
import { NotificationStore, smsRef } from './notifications.js';

const AUTH_TOKEN = 'test-twilio-auth-token';
const ACCOUNT = `AC${'0'.repeat(31)}3`;
// Short: a master without a replica answers WAIT only when this runs out.
const ACK_ONE: ReplicaAck = { replicas: 1, timeoutMs: 300 };
// Where a replica is there to confirm: generous, for a busy 2-core machine.
const ACK_ONE_PATIENT: ReplicaAck = { replicas: 1, timeoutMs: 3000 };
const INCIDENT = incident({ id: 'INC-20261204-claims' });

const prefix = uniquePrefix('replica-claims');
const keys = createKeys(prefix);
const processes: RedisProcess[] = [];
const clients: Redis[] = [];
let twilio: FakeTwilio;
let config: Config;

beforeAll(async () => {
  twilio = await FakeTwilio.start(AUTH_TOKEN);
  config = demoConfig(prefix, (c) => {
    c.twilio = { accountSid: ACCOUNT, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: twilio.baseUrl, timeoutMs: 2000, inboundDedupSec: 86_400 };
  });
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await Promise.all(processes.map((p) => p.destroy()));
  await twilio.close();
});

async function redisServer(args: string[] = []): Promise<RedisProcess> {
  // Undelayed full syncs: a replica holds the master's data at once.
  const p = await RedisProcess.start({ persistent: false, args: ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', ...args] });
  processes.push(p);
  return p;
}

function connect(node: RedisProcess): Redis {
  const redis = new Redis(node.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  clients.push(redis);
  return redis;
}

/** The executor as an `sms` job sees it, its SMS records on `redis`. */
function deps(redis: Redis, ack: ReplicaAck): ExecutorDeps {
  const logger = quietLogger();
  return {
    config,
    smsStore: new SmsStore(redis, keys, ack),
    sms: createSmsSender(config, logger),
    notifications: new NotificationStore(redis, keys),
    incidents: { get: async (id: string) => (id === INCIDENT.id ? INCIDENT : undefined) },
    scopeFigures: async () => undefined,
    logger,
    clock: Date.now,
  } as unknown as ExecutorDeps;
}

/** An `sms` job for one alert to `contactId`, on its `attemptsMade + 1`th attempt of 6. */
const smsJobFor = (contactId: string, attemptsMade = 0) =>
  ({ id: `sms-${contactId}`, data: { ref: smsRef(`${INCIDENT.id}:red:alerts:0`, contactId, 1), contactId, incidentId: INCIDENT.id, level: 'red', template: 'level-alert' }, attemptsMade, opts: { attempts: 6 } }) as unknown as Job;
const textsTo = (contactId: string) => twilio.messages.filter((m) => m.To === config.contacts.find((c) => c.id === contactId)!.phone).length;

/** replicaOf starts a replica of `master` and waits until it holds the master's writes. */
async function replicaOf(master: RedisProcess): Promise<RedisProcess> {
  const replica = await redisServer(['--replicaof', '127.0.0.1', String(master.port)]);
  const m = connect(master);
  await waitUntil(async () => (await m.wait(1, 200)) >= 1, 'the replica to sync', 20_000);
  return replica;
}

describe('an alert SMS with redis.ackReplicas', () => {
  it('is not sent while no replica confirms its claim: retried, the last attempt gives up; sent with ackReplicas 0', async () => {
    const alone = connect(await redisServer());
    await expect(smsJob(deps(alone, ACK_ONE))(smsJobFor('li-wei'))).rejects.toThrow(/not accepted yet; retrying/);
    // Released: nothing went out under it, so a later attempt may claim it again.
    expect(await alone.exists(`${keys.smsRef(smsJobFor('li-wei').data.ref)}:sending`)).toBe(0);
    await expect(smsJob(deps(alone, ACK_ONE))(smsJobFor('li-wei', 5))).rejects.toThrow(/not delivered/);
    expect(textsTo('li-wei')).toBe(0);

    await smsJob(deps(alone, MASTER_ONLY))(smsJobFor('li-wei', 1));
    expect(textsTo('li-wei')).toBe(1);
  });

  it('is sent once across a kill -9 of a master whose replica did not have the claim', async () => {
    const first = await redisServer();
    const second = await replicaOf(first);
    const onFirst = deps(connect(first), ACK_ONE_PATIENT);

    // A replica in sync confirms the claim: sent.
    await smsJob(onFirst)(smsJobFor('zhang-min'));
    expect(textsTo('zhang-min')).toBe(1);

    // The replica falls behind (here: cut off, and promoted) just before the next claim; then the master dies.
    await connect(second).replicaof('NO', 'ONE');
    // (Not confirmed, it is not sent and the job is retried: see above. Without WAIT it went out.)
    await smsJob(onFirst)(smsJobFor('wang-fang')).catch(() => undefined);
    await first.kill();

    // The promoted node, given a replica of its own, runs the retries: the jobs the dead master held run again.
    await replicaOf(second);
    const onSecond = deps(connect(second), ACK_ONE_PATIENT);
    await smsJob(onSecond)(smsJobFor('zhang-min', 1));
    await smsJob(onSecond)(smsJobFor('wang-fang', 1));
    expect(textsTo('zhang-min')).toBe(1);
    expect(textsTo('wang-fang')).toBe(1);
    expect(await onSecond.smsStore.sidForRef(smsJobFor('zhang-min').data.ref)).toBeDefined();
  }, 60_000);
});

describe('an alert SMS whose text cannot be read', () => {
  it('gives its claim back, and the retry sends it once', async () => {
    const redis = connect(await redisServer());
    await redis.set(keys.incident(INCIDENT.id), JSON.stringify(INCIDENT));
    const readModel = new ReadModel(redis, keys);
    // The incident and its figures as the server reads them: from this Redis.
    const onIt = { ...deps(redis, MASTER_ONLY), incidents: new IncidentStore(redis, keys), scopeFigures: async (scope: string) => (await readModel.scope(scope))?.scope } as ExecutorDeps;

    // The figures' hash of the wrong type: reading the incident's figures for the text fails in Redis itself.
    const metrics = keys.slots().map((slot) => slot.metrics());
    for (const key of metrics) await redis.set(key, 'not a hash');
    await expect(smsJob(onIt)(smsJobFor('chen-jie'))).rejects.toThrow(/WRONGTYPE/);
    expect(await redis.exists(`${keys.smsRef(smsJobFor('chen-jie').data.ref)}:sending`)).toBe(0);
    expect(textsTo('chen-jie')).toBe(0);

    await redis.del(...metrics);
    await smsJob(onIt)(smsJobFor('chen-jie', 1));
    await smsJob(onIt)(smsJobFor('chen-jie', 2));
    expect(textsTo('chen-jie')).toBe(1);
  });
});

describe('a webhook delivery record with redis.ackReplicas', () => {
  it('says when no replica confirmed it, and stays delivered', async () => {
    const alone = connect(await redisServer());
    const event = { id: 'routing.changed.claims', type: 'routing.changed', centre: 'wuhan', data: {} } as const;
    const attempt = { attempt: 1, at: Date.now(), outcome: 'delivered', ms: 3 } as const;
    const store = new DeliveryStore(alone, keys, ACK_ONE);
    await store.track(event);
    expect(await store.record(event, attempt)).toBe(false);
    expect(await store.get(event.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await new DeliveryStore(alone, keys, MASTER_ONLY).record(event, { ...attempt, attempt: 2 })).toBe(true);
  });
});
