/**
 * An SMS attempt claims its ref in the same round trip as the reads its text needs: when one of those
 * reads fails, the claim is given back, so the retry sends it (rather than taking it for an attempt cut
 * short, and never sending). Real Redis, the real Twilio SDK pointed at a fake Twilio.
 */
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../config/types.js';
import { createKeys } from '../../../platform/redis/keys.js';
import { MASTER_ONLY } from '../../../platform/redis/replica-ack.js';
import { ReadModel } from '../../../pipeline/read-model.js';
import { demoConfig, quietLogger, useRedis } from '../../../test/support/env.js';
import { FakeTwilio } from '../../../testkit/fake-twilio.js';
import { createSmsSender, SmsStore } from '../../deliver/sms/index.js';
import { IncidentStore } from '../../incidents/store.js';
import { incident } from '../testing.js';
import type { ExecutorDeps } from './deps.js';
import { smsJob } from './notify-job.js';
import { smsRef } from './notifications.js';

const AUTH_TOKEN = 'test-twilio-auth-token';
const ACCOUNT = `AC${'0'.repeat(31)}4`;
const INCIDENT = incident({ id: 'INC-20261205-claim' });

const { prefix, redis } = useRedis('sms-claim');
const keys = createKeys(prefix);
let twilio: FakeTwilio;
let config: Config;

beforeAll(async () => {
  twilio = await FakeTwilio.start(AUTH_TOKEN);
  config = demoConfig(prefix, (c) => {
    c.twilio = { accountSid: ACCOUNT, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: twilio.baseUrl, timeoutMs: 2000, inboundDedupSec: 86_400 };
  });
  await redis.set(keys.incident(INCIDENT.id), JSON.stringify(INCIDENT));
});

afterAll(async () => {
  await twilio.close();
});

function deps(): ExecutorDeps {
  const logger = quietLogger();
  const readModel = new ReadModel(redis, keys);
  return {
    config,
    smsStore: new SmsStore(redis, keys, MASTER_ONLY),
    sms: createSmsSender(config, logger),
    incidents: new IncidentStore(redis, keys),
    scopeFigures: async (scope: string) => (await readModel.scope(scope))?.scope,
    logger,
    clock: Date.now,
  } as unknown as ExecutorDeps;
}

describe('an SMS attempt whose text cannot be read', () => {
  it('gives its claim back, and the retry sends it once', async () => {
    const contact = config.contacts[0]!;
    const ref = smsRef(`${INCIDENT.id}:red:alerts:0`, contact.id, 1);
    const job = (attemptsMade: number) => ({ id: `sms-${contact.id}`, data: { ref, contactId: contact.id, incidentId: INCIDENT.id, level: 'red', template: 'level-alert' }, attemptsMade, opts: { attempts: 6 } }) as unknown as Job;
    const sentTo = () => twilio.messages.filter((m) => m.To === contact.phone).length;

    // The figures' hash of the wrong type: reading the incident's figures for the text fails in Redis itself.
    const metrics = keys.slots().map((slot) => slot.metrics());
    for (const key of metrics) await redis.set(key, 'not a hash');
    await expect(smsJob(deps())(job(0))).rejects.toThrow(/WRONGTYPE/);
    expect(await redis.exists(`${keys.smsRef(ref)}:sending`)).toBe(0);
    expect(sentTo()).toBe(0);

    await redis.del(...metrics);
    await smsJob(deps())(job(1));
    expect(sentTo()).toBe(1);
    await smsJob(deps())(job(2));
    expect(sentTo()).toBe(1);
  });
});
