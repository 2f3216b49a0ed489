/**
 * The master dies the moment Twilio accepts an alert SMS (real processes: a master, one replica and three
 * sentinels; redis.ackReplicas 1): the fake Twilio kills it -9 before answering, so the server has not yet
 * recorded the send nor finished the job. The sentinels promote the replica, which holds the SMS's claim
 * (WAIT confirmed it before Twilio was called): however the job runs again there, nobody gets a second SMS,
 * and the next alert (orange, after the failover) goes out once too.
 *
 * On loopback the replica has the claim before Twilio answers even without WAIT, so this passes on code
 * that does not wait: it guards the whole path (promotion, the job run again on the new master). What
 * proves the WAIT is executor/replica-claims.test.ts, which cuts the replica off before the claim.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SentinelSet } from '../../testkit/sentinel-set.js';
import { api, uniquePrefix, waitUntil } from '../support/env.js';
import { CALM_NOTIFY, phoneOf, setUp, traffic } from '../support/plan-world.js';
import { alertPlan } from '../support/quick-rules.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

const PLANS = `plans:\n${alertPlan('warn', 'yellow', 'duty-managers')}${alertPlan('staff', 'orange', 'emergency-echelon')}`;

describe('an alert SMS whose master is killed -9 as Twilio accepts it (ackReplicas 1)', () => {
  it('reaches its contact once, and the next alert after the failover once', async () => {
    const prefix = uniquePrefix('alert-failover');
    const set = await SentinelSet.start({ replicas: 1 });
    cleanups.push(() => set.destroy());
    const world = await setUp(prefix, CALM_NOTIFY, {
      redisUrl: set.url,
      plans: PLANS,
      configure: (c) => {
        c.redis.ackReplicas = 1;
        // Generous: a replica on a busy 2-core machine may take a while to answer WAIT.
        c.redis.ackTimeoutMs = 2000;
      },
    });
    cleanups.push(() => world.fakeTwilio.close(), () => world.fakeAcd.close(), () => world.server.stop());
    const first = await set.master();
    let killed = false;
    world.fakeTwilio.onAccepted = async () => {
      if (killed) return;
      killed = true;
      await first.kill();
    };
    // Resent on a 503 as a bridge would (no replica to confirm while the killed node is away).
    const calls = traffic(prefix);
    const post = async (batch: string, what: string) => waitUntil(async () => (await api(world.base).postEvents(batch)).status === 202 || undefined, what, 45_000);

    await post(calls.queue(3), 'the yellow calls to be accepted'); // yellow: the duty managers
    await waitUntil(() => killed || undefined, 'the first SMS to be accepted', 30_000);
    await set.waitForNewMaster(first);
    await set.rejoin(first);
    await set.waitForReplicas();

    await post(calls.queue(3), 'the orange calls to be accepted'); // orange: the emergency echelon
    const texts = (id: string) => world.fakeTwilio.messages.filter((m) => m.To === phoneOf(world.config, id)).length;
    await waitUntil(() => texts('chen-jie') > 0 || undefined, 'the orange alert after the failover', 45_000);
    // A job the dead master held runs again once its lock lapses (10 s): give it the time to.
    await new Promise((r) => setTimeout(r, 12_000));

    const to = world.fakeTwilio.messages.map((m) => m.To);
    expect(new Set(to).size, JSON.stringify(to)).toBe(to.length);
    expect(texts('li-wei')).toBe(1);
    expect(texts('chen-jie')).toBe(1);
  }, 90_000);
});
