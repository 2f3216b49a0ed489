/**
 * OutboxRelay against a real Redis and BullMQ: an intent leaves the outbox only once enqueued
 * (a failed add is retried by the next relay, not dropped), its step is shown 'queued' once,
 * and relaying the same intent again (a crash between add and removal) adds no second job.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeys } from '../platform/redis/keys.js';
import { createJobQueue, type JobQueue } from '../stages/plans/executor/jobs.js';
import { StepStore } from '../stages/plans/executor/steps.js';
import { IncidentStore } from '../stages/incidents/store.js';
import { parsePlanFile } from '../stages/plans/index.js';
import { demoConfig, quietLogger, REDIS_URL, removeKeys, uniquePrefix } from '../test/support/env.js';
import { OutboxRelay } from './outbox.js';
import type { PlanIntent } from './step.js';

const prefix = uniquePrefix('outbox');
const keys = createKeys(prefix);
const redis = new Redis(REDIS_URL);
const queue = createJobQueue(REDIS_URL, keys.bullPrefix(), quietLogger());
afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await removeKeys(prefix);
});

const config = demoConfig(prefix);
const parsed = parsePlanFile('plans:\n  - name: warn\n    level: yellow\n    actions: [{ banner: { text: "busy" } }]\n', 'plans.yaml', config);
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const incident = { id: 'INC-20261203-t-0001', centre: 'wuhan', type: 'traffic_surge', state: 'open', level: 'yellow', openedAt: 1 };
const intent: PlanIntent = { job: 'action', key: `${incident.id}:yellow:warn:0`, incidentId: incident.id, level: 'yellow' };

function relayWith(jobs: JobQueue) {
  return new OutboxRelay({ redis, keys, queue: jobs, steps: new StepStore(redis, keys), incidents: new IncidentStore(redis, keys), plans: () => parsed.ok ? parsed.plans : [], clock: () => 5000, logger: quietLogger() });
}

describe('OutboxRelay', () => {
  it('keeps an intent until it is enqueued, then removes it; a second relay of it adds nothing', async () => {
    await redis.set(keys.incident(incident.id), JSON.stringify(incident));
    await redis.rpush(keys.outbox(), JSON.stringify(intent));
    const down: JobQueue = { ...queue, add: async () => Promise.reject(new Error('queue unreachable')) };
    await expect(relayWith(down).relay()).rejects.toThrow('queue unreachable');
    expect(await redis.llen(keys.outbox())).toBe(1);

    expect(await relayWith(queue).relay()).toBe(1);
    expect(await redis.llen(keys.outbox())).toBe(0);
    expect(await queue.state(`action.${intent.key.replace(/:/g, '_')}`)).toBeDefined();
    const step = await new StepStore(redis, keys).get(intent.key);
    expect(step).toMatchObject({ state: 'queued', kind: 'banner', plan: 'warn', updatedAt: 5000 });

    // The same intent again, as after a crash between the add and the removal: still one job, the step untouched.
    await new StepStore(redis, keys).put({ ...step!, state: 'done' });
    await redis.rpush(keys.outbox(), JSON.stringify(intent));
    await relayWith(queue).relay();
    expect((await new StepStore(redis, keys).get(intent.key))?.state).toBe('done');
    const jobs = await redis.keys(`${keys.bullPrefix()}:plan:action.*`);
    expect(jobs).toHaveLength(1);
  });
});
