/**
 * A plan job reads the committed read model, not a cache filled after start-up: a seats step
 * approved while no server ran is the first thing a fresh instance does, and it still sizes
 * `activateSeats: auto` from the figures the last commit left (a cold cache would choose 0).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../main.js';
import { createKeys } from '../platform/redis/keys.js';
import { ReadModel } from '../pipeline/read-model.js';
import { createJobQueue, jobId } from '../stages/plans/executor/jobs.js';
import { FakeAcd } from '../testkit/fake-acd.js';
import { api, demoConfig, quietLogger, REDIS_URL, TOKENS, useRedis, waitUntil, writeRulesFolder } from './support/env.js';
import { RULES, SECRET } from './support/plan-world.js';

const { prefix, redis } = useRedis('committed-figures');
const keys = createKeys(prefix);
let fakeAcd: FakeAcd | undefined;
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  await fakeAcd?.close();
});

const PLANS = `
plans:
  - name: seats
    level: orange
    actions:
      - activateSeats: { seatType: home, count: auto, max: 3, confirm: true }
`;

type Step = { key: string; incidentId: string; level: string; state: string; kind: string };

describe('a plan job on a fresh instance', () => {
  it('sizes auto seats from the committed figures', async () => {
    fakeAcd = await FakeAcd.start(SECRET);
    const { dir, plansDir } = writeRulesFolder(RULES, PLANS);
    const config = demoConfig(prefix, (c) => {
      c.rules.dir = dir;
      c.plans.dir = plansDir;
      c.acd = { endpoints: new Map([['wuhan', { url: fakeAcd!.url, secret: SECRET }]]), timeoutMs: 1000 };
    });
    // One instant for both instances, so the second computes exactly the figures the first committed.
    const at = Date.now();
    const clock = () => at;
    const first = await startServer(config, quietLogger(), { port: 0, clock, jobBackoffMs: 100 });
    servers.push(first);
    const base = `http://127.0.0.1:${first.port}`;
    const events = Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `${prefix}-q${i}`, type: 'contact.queued', ts: at - 30_000 + i * 1000, centre: 'wuhan', contactId: `k${i}`, queue: 'voice', media: 'voice' }));
    expect((await api(base).postEvents(events.join('\n'))).status).toBe(202);
    const waiting = await waitUntil(async () => {
      const { steps } = (await (await api(base).get('/v1/plan-steps')).json()) as { steps: Step[] };
      return steps.find((s) => s.kind === 'activateSeats' && s.state === 'awaiting confirmation');
    }, 'the seats step to wait for approval');
    await first.stop();
    servers.pop();

    // Approved while no instance runs: the job is there before anything else of the next instance.
    const queue = createJobQueue(REDIS_URL, keys.bullPrefix(), quietLogger());
    await queue.add('action', { key: waiting.key, incidentId: waiting.incidentId, level: waiting.level, approved: true }, { jobId: jobId('action', waiting.key, 'approved') });
    await queue.close();
    const committed = await new ReadModel(redis, keys).figures();
    const gap = Object.values(committed.scopes)
      .filter((m) => m.kind === 'queue' && m.centre === 'wuhan')
      .reduce((sum, m) => sum + Math.max(0, m.staffingGap ?? 0), 0);
    expect(gap).toBeGreaterThan(0);

    const second = await startServer(config, quietLogger(), { port: 0, clock, jobBackoffMs: 100 });
    servers.push(second);
    const activate = await waitUntil(() => fakeAcd!.received.find((w) => w.json.type === 'seats.activate'), 'the seats.activate webhook');
    const seats = activate.json.data as { count: number; reason: string };
    expect(seats.reason).toMatch(/^auto: Erlang C gap/);
    expect(seats.count).toBe(Math.min(3, gap));
    // The step makes the webhook's first attempt itself and records itself done just after.
    const stepState = async () => {
      const { steps } = (await (await api(`http://127.0.0.1:${second.port}`).get('/v1/plan-steps', TOKENS.display)).json()) as { steps: Step[] };
      return steps.find((s) => s.key === waiting.key)?.state;
    };
    await waitUntil(async () => ((await stepState()) === 'done' ? true : undefined), 'the seats step to be done', 10_000);
  }, 60_000);
});
