/**
 * The channel-shift plan steps against real local servers: `announce` as a signed webhook to a
 * fake IVR that verifies it (retries, dead letter, undo), and `remind` through the real Twilio
 * SDK pointed at the fake Twilio — throttled (counted per second from the fake's receive
 * times), opt-outs skipped, nobody texted twice across a failed run, its retry and a second
 * worker running the same batch at once, nobody texted while no replica confirms the claims.
 * And what an undo does to a step that has not run: cancelled, saying whether it waited for approval.
 */
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../config/types.js';
import { AuditLog } from '../../../platform/audit/log.js';
import { createKeys } from '../../../platform/redis/keys.js';
import { demoConfig, quietLogger, useRedis, waitUntil } from '../../../test/support/env.js';
import { FakeIvr } from '../../../testkit/fake-ivr.js';
import { FakeTwilio } from '../../../testkit/fake-twilio.js';
import { RedisProcess } from '../../../testkit/redis-process.js';
import { AcdClient, DeliveryStore } from '../../deliver/acd/index.js';
import { IvrClient } from '../../deliver/ivr/index.js';
import { createSmsSender, SmsStore } from '../../deliver/sms/index.js';
import type { Incident } from '../../incidents/types.js';
import { incident as incidentOf, metricsOf } from '../testing.js';
import type { Plan, PlanAction } from '../types.js';
import { actionJob, undoJob } from './action-job.js';
import type { ExecutorDeps } from './deps.js';
import type { JobName } from './jobs.js';
import type { NotifyDeps } from './notify-job.js';
import { remindJob } from './remind-job.js';
import { optOutBySms, OptOutStore, recipientId, ReminderStore } from './reminders.js';
import { StepStore, type Step } from './steps.js';
import { webhookJob } from './webhook-job.js';

const AUTH_TOKEN = 'test-twilio-auth-token';
const ACCOUNT = `AC${'0'.repeat(31)}2`;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const RATE = 4;

const { prefix, redis } = useRedis('channel-shift');
const keys = createKeys(prefix);
const audit = new AuditLog(redis, keys);
const phone = (n: number) => `+86139${String(n).padStart(8, '0')}`;

let twilio: FakeTwilio;
let ivr: FakeIvr;
let config: Config;
const incidents = new Map<string, Incident>();
const queued: { name: JobName; id: string }[] = [];
let plans: Plan[] = [];

beforeAll(async () => {
  [twilio, ivr] = await Promise.all([FakeTwilio.start(AUTH_TOKEN), FakeIvr.start(SECRET)]);
  config = demoConfig(prefix, (c) => {
    c.twilio = { accountSid: ACCOUNT, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: twilio.baseUrl, timeoutMs: 1000, inboundDedupSec: 86_400 };
    c.ivr = { endpoints: new Map([['hangzhou', { url: ivr.url, secret: SECRET }]]), timeoutMs: 1000, selfServiceUrl: 'https://help.example.com/outage' };
    c.remind = { ...c.remind, ratePerSec: RATE, lists: {}, optOut: new Set([phone(102)]) };
    // No voice cost measured here: an agent contact is priced at the voice rates, 0.17 + 0.15 × 4 min (240 s) = 0.77.
    c.costs = { ...c.costs, currency: 'CNY', channels: { ...c.costs.channels, voice: { perContact: 0.17, perMinute: 0.15 }, sms: { perContact: 0.015, perMinute: 0 }, web: { perContact: 0.015, perMinute: 0 } } };
  });
});

afterAll(async () => {
  await Promise.all([twilio.close(), ivr.close()]);
});

function deps(): NotifyDeps {
  const deliveries = new DeliveryStore(redis, keys);
  const logger = quietLogger();
  const executor = {
    config,
    plans: () => plans,
    queue: {
      add: async (name: JobName, _data: unknown, options: { jobId: string }) => void queued.push({ name, id: options.jobId }),
      retryLater: async (name: JobName, _data: unknown, options: { jobId: string }) => void queued.push({ name, id: options.jobId }),
    },
    steps: new StepStore(redis, keys),
    incidents: { get: async (id: string) => incidents.get(id) },
    deliveries,
    acd: new AcdClient(config, logger, deliveries),
    ivr: new IvrClient(config, logger, deliveries),
    sms: createSmsSender(config, logger),
    smsStore: new SmsStore(redis, keys),
    reminders: new ReminderStore(redis, keys),
    optOuts: new OptOutStore(redis, keys),
    figures: async () => metricsOf({ 'queue:hangzhou/voice': { waiting: 7 }, 'queue:hangzhou/voice-vip': { waiting: 2 }, 'queue:hangzhou/chat': { waiting: 30 } }),
    scopeFigures: async () => undefined,
    logger,
    clock: Date.now,
    lock: async () => async () => undefined,
    audit,
  };
  return executor as unknown as NotifyDeps;
}

/** planStep sets up an incident with one plan of `actions` at red, its steps queued as the outbox relay leaves them; returns their keys. */
async function planStep(name: string, actions: PlanAction[], fields: Partial<Incident> = {}): Promise<string[]> {
  const incident = incidentOf({ id: `INC-20261203-${name}`, ...fields });
  incidents.set(incident.id, incident);
  plans = [...plans, { name, level: 'red', type: null, centres: null, undo: 'auto', actions, origin: 'test' }];
  const steps = new StepStore(redis, keys);
  return Promise.all(
    actions.map(async (action, index) => {
      const key = `${incident.id}:red:${name}:${index}`;
      await steps.put({ key, incidentId: incident.id, level: 'red', plan: name, index, kind: action.kind, state: 'queued', detail: 'queued', updatedAt: Date.now() });
      return key;
    }),
  );
}

const job = (key: string, attemptsMade = 0, data: Record<string, unknown> = {}) => ({ id: `job-${key}`, data: { key, incidentId: key.split(':')[0], level: 'red', ...data }, attemptsMade, opts: { attempts: 6 } }) as unknown as Job;
const step = async (key: string) => (await new StepStore(redis, keys).get(key)) as Step;
const sentTo = (numbers: readonly string[]) => twilio.requests.filter((r) => numbers.includes(r.params.To ?? ''));

describe('announce', () => {
  it('calls the centre’s IVR with a signed ivr.announce in every language, and records the callers it offers a callback to', async () => {
    const [key] = await planStep('announce-ok', [{ kind: 'announce', spec: { message: 'outage-apology', offer: 'callback', queues: ['voice', 'voice-vip'] }, confirm: false }]);
    await actionJob(deps())(job(key!));
    const call = ivr.received.find((c) => c.json.id === `ivr.announce.${key}`)!;
    expect(call.headers['webhook-id']).toBe(`ivr.announce.${key}`);
    expect(call.json).toMatchObject({ type: 'ivr.announce', centre: 'hangzhou', data: { incidentId: 'INC-20261203-announce-ok', level: 'red', queues: ['voice', 'voice-vip'], message: 'outage-apology', offer: 'callback' } });
    const text = call.json.data.text as Record<string, string>;
    expect(text.en).toMatch(/^We are sorry: our Hangzhou service centre/);
    expect(text.zh).toMatch(/^非常抱歉：Hangzhou服务中心/);
    expect(ivr.rejected).toBe(0);
    // A callback is still an agent's call: it saves nothing.
    expect(await step(key!)).toMatchObject({ state: 'done', shifted: { contacts: 9, to: 'callback', saving: { currency: 'CNY', agentContact: 0.77, replacement: 0.77, total: 0 } }, note: { code: 'step.announced', params: { offer: 'callback', waiting: 9 } } });
    expect(await deps().deliveries.get(`ivr.announce.${key}`)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await audit.recent(50)).find((e) => e.target === key && e.action === 'plan-step.announce')).toMatchObject({ who: 'plan announce-ok', role: 'system', details: { centre: 'hangzhou', offer: 'callback', shifted: { contacts: 9 } } });

    // The level falls: the announcement ends, with its own id.
    incidents.set('INC-20261203-announce-ok', incidentOf({ id: 'INC-20261203-announce-ok', level: 'orange' }));
    await undoJob(deps())(job(key!));
    expect(ivr.received.find((c) => c.json.id === `ivr.announce.end.${key}`)?.json).toMatchObject({ type: 'ivr.announce.end', data: { announcement: `ivr.announce.${key}` } });
    expect(await step(key!)).toMatchObject({ state: 'undone', note: { code: 'step.announcementEnded' } });
  });

  it('offers a self-service link when asked, over every queue of the centre, shifting nobody when it offers nothing', async () => {
    const [link, none] = await planStep('announce-offers', [
      { kind: 'announce', spec: { message: 'outage-apology', offer: 'self-service-sms', queues: null }, confirm: false },
      { kind: 'announce', spec: { message: 'outage-apology', offer: 'none', queues: ['chat'] }, confirm: false },
    ]);
    await actionJob(deps())(job(link!));
    await actionJob(deps())(job(none!));
    expect(ivr.received.find((c) => c.json.id === `ivr.announce.${link}`)?.json.data).toMatchObject({ queues: ['voice', 'voice-vip', 'chat', 'email'], offer: 'self-service-sms', selfServiceUrl: 'https://help.example.com/outage' });
    // 39 × (0.77 − (0.015 SMS + 0.015 web)) = 28.86.
    expect(await step(link!)).toMatchObject({ shifted: { contacts: 39, to: 'self-service', saving: { total: 28.86, basis: 'voice rates at the default handle time' } } });
    expect((await step(none!)).shifted).toBeUndefined();
  });

  it('retries an IVR that fails, dead-letters it after the last attempt, and a re-run step does not call again', async () => {
    const [key] = await planStep('announce-down', [{ kind: 'announce', spec: { message: 'outage-apology', offer: 'none', queues: null }, confirm: false }]);
    const id = `ivr.announce.${key}`;
    ivr.mode = 'error500';
    try {
      await actionJob(deps())(job(key!));
      expect(await deps().deliveries.get(id)).toMatchObject({ status: 'failed', lastError: 'IVR answered 500: announcement server unavailable' });
      expect(queued).toContainEqual({ name: 'webhook', id: `webhook.${id.replace(/:/g, '_')}` });
      await expect(webhookJob(deps())({ data: { deliveryId: id }, attemptsMade: 5, opts: { attempts: 6 } } as unknown as Job)).rejects.toThrow(/IVR answered 500/);
      expect(await deps().deliveries.get(id)).toMatchObject({ status: 'dead', attempts: 2 });
    } finally {
      ivr.mode = 'ok';
    }
    const calls = ivr.verified.filter((c) => c.json.id === id).length;
    await actionJob(deps())(job(key!, 1));
    expect(ivr.verified.filter((c) => c.json.id === id)).toHaveLength(calls);
  });
});

describe('a level that falls before a step ran', () => {
  it('cancels a step whose job has not run, saying so, and an unapproved one as unapproved; neither runs afterwards', async () => {
    const [held, unapproved] = await planStep('announce-early', [
      { kind: 'announce', spec: { message: 'outage-apology', offer: 'none', queues: null }, confirm: false },
      { kind: 'announce', spec: { message: 'outage-apology', offer: 'none', queues: null }, confirm: true },
    ]);
    await actionJob(deps())(job(unapproved!));
    expect(await step(unapproved!)).toMatchObject({ state: 'awaiting confirmation' });

    // The level falls while the first step's job is held up (its instance died holding it) and the second waits for the dispatcher.
    incidents.set('INC-20261203-announce-early', incidentOf({ id: 'INC-20261203-announce-early', level: 'orange' }));
    await undoJob(deps())(job(held!));
    await undoJob(deps())(job(unapproved!));
    expect(await step(held!)).toMatchObject({ state: 'cancelled', detail: 'the level fell to orange before it ran', note: { code: 'step.levelFell', params: { level: 'orange' } } });
    expect(await step(unapproved!)).toMatchObject({ state: 'cancelled', detail: 'the level fell before it was approved', note: { code: 'step.levelFellUnapproved' } });

    // The held-up job runs at last, and the approval comes late: both find their step ended.
    await actionJob(deps())(job(held!));
    await actionJob(deps())(job(unapproved!, 0, { approved: true }));
    expect(ivr.received.filter((c) => c.json.id === `ivr.announce.${held}` || c.json.id === `ivr.announce.${unapproved}`)).toEqual([]);
    expect((await step(held!)).state).toBe('cancelled');
    expect((await step(unapproved!)).state).toBe('cancelled');
  });
});

describe('remind', () => {
  it('texts every customer not opted out, at most RATE a second, and shows its progress and what it shifted', async () => {
    const customers = Array.from({ length: 14 }, (_, i) => ({ phone: phone(100 + i), ...(i === 0 ? { locale: 'zh' as const } : {}) }));
    config.remind.lists['outage'] = customers;
    expect(await optOutBySms(deps().optOuts, phone(105), 'stop')).toMatch(/no more/);
    expect(await optOutBySms(deps().optOuts, phone(106), 'ACK K7QX2')).toBeUndefined();
    const [key] = await planStep('remind-ok', [{ kind: 'remind', spec: { list: 'outage', template: 'service-reminder' }, confirm: false }]);
    await actionJob(deps())(job(key!));
    expect(await step(key!)).toMatchObject({ state: 'queued', progress: { total: 14, sent: 0 } });
    expect(queued).toContainEqual({ name: 'remind', id: `remind.${key!.replace(/:/g, '_')}` });
    await remindJob(deps())(job(key!));

    const numbers = customers.map((c) => c.phone);
    const sent = sentTo(numbers);
    expect(sent.map((r) => r.params.To).sort()).toEqual(numbers.filter((n) => n !== phone(102) && n !== phone(105)));
    expect(sent.find((r) => r.params.To === phone(100))!.params.Body).toMatch(/^服务通知/);
    expect(sent.find((r) => r.params.To === phone(101))!.params.Body).toMatch(/^Service notice: .* served by Hangzhou/);
    // Per second, counted where Twilio received them: never more than RATE in any second.
    const times = sent.map((r) => r.at).sort((a, b) => a - b);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(RATE);
    const buckets = new Map<number, number>();
    for (const t of times) buckets.set(Math.floor((t - times[0]!) / 1000), (buckets.get(Math.floor((t - times[0]!) / 1000)) ?? 0) + 1);
    expect(Math.max(...buckets.values())).toBeLessThanOrEqual(RATE);
    expect(buckets.size).toBeGreaterThanOrEqual(Math.ceil(12 / RATE));

    expect(await step(key!)).toMatchObject({
      state: 'done',
      progress: { total: 14, sent: 12, failed: 0, optedOut: 2 },
      // 12 × (0.77 − 0.015) = 9.06.
      shifted: { contacts: 12, to: 'sms', saving: { currency: 'CNY', agentContact: 0.77, replacement: 0.015, total: 9.06 } },
      detail: 'reminded customers of outage by SMS: 12 sent, 0 failed, 2 skipped (opted out) of 14',
      note: { code: 'step.reminded', params: { list: 'outage', total: 14, sent: 12, optedOut: 2 } },
    });
    expect((await audit.recent(50)).find((e) => e.target === key)).toMatchObject({ who: 'plan remind-ok', role: 'system', action: 'plan-step.remind', details: { list: 'outage', progress: { sent: 12, optedOut: 2 } } });
    const records = await deps().smsStore.list(50);
    expect(records.filter((r) => r.group === 'reminder: outage')).toHaveLength(12);
    expect(records.every((r) => !r.to || !numbers.includes(r.to))).toBe(true);
  });

  it('sends nobody twice across a failed run, its retry, a second worker on the same batch and an attempt cut short', async () => {
    const customers = Array.from({ length: 10 }, (_, i) => ({ phone: phone(200 + i) }));
    config.remind.lists['retry'] = customers;
    const numbers = customers.map((c) => c.phone);
    const [key] = await planStep('remind-retry', [{ kind: 'remind', spec: { list: 'retry', template: 'service-reminder' }, confirm: false }]);
    // A worker died mid-send to the first customer: it may have gone out, so it is never sent again.
    expect(await deps().smsStore.claimSend(`INC-20261203-remind-retry/remind/${recipientId(phone(200))}`)).toBe('claimed');

    const first = remindJob(deps())(job(key!));
    await waitUntil(() => sentTo(numbers).length >= RATE - 1, 'the first second of reminders');
    twilio.mode = 'error500';
    await expect(first).rejects.toThrow(/not accepted by Twilio yet; retrying/);
    twilio.mode = 'ok';
    const failed = await step(key!);
    expect(failed.state).toBe('queued');
    expect(failed.progress!.sent).toBeGreaterThanOrEqual(RATE);
    expect(failed.progress!.sent).toBeLessThan(10);

    // The retry, and a second worker given the same job while the first still runs.
    await Promise.all([remindJob(deps())(job(key!, 1)), remindJob(deps())(job(key!, 1))]);
    // Twilio accepted one message for each number but the one cut short, and never a second.
    const accepted = sentTo(numbers).filter((r) => r.status === 201).map((r) => r.params.To!);
    expect(accepted.sort()).toEqual(numbers.slice(1));
    expect(sentTo(numbers).some((r) => r.status === 500)).toBe(true);
    expect((await step(key!)).progress).toEqual({ total: 10, sent: 10, failed: 0, optedOut: 0 });

    const before = sentTo(numbers).length;
    await remindJob(deps())(job(key!, 2));
    expect(sentTo(numbers)).toHaveLength(before);
  });

  it('texts nobody while no replica confirms the claims (redis.ackReplicas 1, claims on a Redis without replicas): retried, then failed', async () => {
    const customers = [{ phone: phone(300) }, { phone: phone(301) }];
    config.remind.lists['unreplicated'] = customers;
    const [key] = await planStep('remind-unreplicated', [{ kind: 'remind', spec: { list: 'unreplicated', template: 'service-reminder' }, confirm: false }]);
    const alone = await RedisProcess.start({ persistent: false });
    const claims = new Redis(alone.url);
    try {
      const waiting = { ...deps(), smsStore: new SmsStore(claims, keys, { replicas: 1, timeoutMs: 200 }) };
      await expect(remindJob(waiting)(job(key!))).rejects.toThrow(/2 reminder\(s\) not accepted by Twilio yet; retrying/);
      await remindJob(waiting)(job(key!, 5));
      expect(sentTo(customers.map((c) => c.phone))).toHaveLength(0);
      expect((await step(key!)).progress).toEqual({ total: 2, sent: 0, failed: 2, optedOut: 0 });
    } finally {
      claims.disconnect();
      await alone.destroy();
    }
  });

  it('stops before its next second once the level falls below its own', async () => {
    const customers = Array.from({ length: 12 }, (_, i) => ({ phone: phone(400 + i) }));
    config.remind.lists['falls'] = customers;
    const numbers = customers.map((c) => c.phone);
    const [key] = await planStep('remind-falls', [{ kind: 'remind', spec: { list: 'falls', template: 'service-reminder' }, confirm: false }]);
    const run = remindJob(deps())(job(key!));
    await waitUntil(() => sentTo(numbers).length >= RATE, 'the first second of reminders');
    incidents.set('INC-20261203-remind-falls', incidentOf({ id: 'INC-20261203-remind-falls', level: 'orange' }));
    await run;
    const done = await step(key!);
    expect(done).toMatchObject({ state: 'done', note: { code: 'step.reminded', params: { fell: 'orange' } } });
    expect(done.detail).toMatch(/; stopped: the level fell to orange$/);
    expect(done.progress!.sent).toBe(sentTo(numbers).length);
    expect(done.progress!.sent).toBeLessThan(12);
  });

  it('counts a number Twilio says has unsubscribed as opted out, and remembers it', async () => {
    config.remind.lists['gone'] = [{ phone: phone(300) }];
    const [key] = await planStep('remind-gone', [{ kind: 'remind', spec: { list: 'gone', template: 'service-reminder' }, confirm: false }]);
    twilio.mode = 'unsubscribed';
    try {
      await remindJob(deps())(job(key!));
    } finally {
      twilio.mode = 'ok';
    }
    expect((await step(key!)).progress).toEqual({ total: 1, sent: 0, failed: 0, optedOut: 1 });
    expect(await deps().optOuts.optedOut([phone(300), phone(301)])).toEqual(new Set([phone(300)]));
  });
});
