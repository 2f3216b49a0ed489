/**
 * The live server and `replay` (server/pipeline/replay.ts) run the same step: fed the same
 * events at the same instants — each group of equal ts at its ts, and every whole second
 * between, which is where replay steps — they agree exactly on transitions, incidents (with
 * their timelines) and plan intents. Only the epoch tag in incident ids differs.
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../main.js';
import { replay } from '../pipeline/replay.js';
import { createKeys } from '../platform/redis/keys.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { QUEUE_NAME } from '../stages/plans/executor/jobs.js';
import { loadPlanFiles } from '../stages/plans/index.js';
import { loadRuleFiles } from '../stages/rules/index.js';
import { api, demoConfig, REDIS_URL, useRedis, waitUntil, writeRulesFolder } from './support/env.js';
import { alertPlan, quickVoiceRules } from './support/quick-rules.js';

const { prefix, redis } = useRedis('live-replay');
const keys = createKeys(prefix);
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
});

const RULES = quickVoiceRules({ name: 'voice', clear: '2s', at: { yellow: 2, orange: 4 }, hold: { yellow: '1s' } });
const PLANS = `
plans:
${alertPlan('warn', 'yellow', 'duty-managers')}  - name: act
    level: orange
    actions:
      - banner: { text: "voice overloaded" }
      - activateSeats: { seatType: home, count: 1 }
`;

/** Each group's offset (ms) from a whole second: fractions that differ, so no timer runs out exactly at another group's ts. */
function surge(base: number): CanonicalEvent[] {
  const queued = (ts: number, n: number, centre = 'wuhan') => ({ id: `${prefix}-q${n}-${centre}`, type: 'contact.queued', ts: base + ts, centre, contactId: `k${n}`, queue: 'voice', media: 'voice' });
  const answered = (ts: number, n: number) => ({ id: `${prefix}-a${n}`, type: 'contact.answered', ts: base + ts, centre: 'wuhan', contactId: `k${n}`, queue: 'voice', agentId: 'a1' });
  return [queued(100, 1), queued(100, 2), queued(2300, 3), queued(2300, 4), queued(2300, 9, 'hangzhou'), ...[1, 2, 3, 4].map((n) => answered(3700, n))] as CanonicalEvent[];
}

/** instants lists where replay steps: each group's ts, then every whole second after it before the next (and up to `until`). */
function instants(events: CanonicalEvent[], until: number): { at: number; events: CanonicalEvent[] }[] {
  const out: { at: number; events: CanonicalEvent[] }[] = [];
  const ticksBefore = (end: number) => {
    const last = out.at(-1)?.at;
    if (last === undefined) return;
    for (let at = Math.floor(last / 1000) * 1000 + 1000; at < end && at <= until; at += 1000) out.push({ at, events: [] });
  };
  for (const event of events) {
    if (out.at(-1)?.at === event.ts && out.at(-1)!.events.length > 0) {
      out.at(-1)!.events.push(event);
      continue;
    }
    ticksBefore(event.ts);
    out.push({ at: event.ts, events: [event] });
  }
  ticksBefore(Infinity);
  return out;
}

/** sameTag puts one epoch tag in every incident id, so live and replayed ids compare. */
const sameTag = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/INC-(\d{8})-[a-z0-9]+-(\d+)/g, 'INC-$1-TAG-$2'));

describe('live and replay', () => {
  it('agree exactly on transitions, incidents and plan intents', async () => {
    const { dir, plansDir } = writeRulesFolder(RULES, PLANS);
    const config = demoConfig(prefix, (c) => {
      c.rules.dir = dir;
      c.plans.dir = plansDir;
      c.incidents.quietPeriodSec = 2;
      c.metrics.evaluateIntervalMs = 20;
    });
    const base = Math.floor((Date.now() - 60_000) / 1000) * 1000;
    const events = surge(base);
    const until = base + 9000;
    const plan = instants(events, until);

    // The live server, on a clock this test moves, logging its transitions here (unredacted).
    const logged: { msg: string; scope: string; rule: string; from: string; to: string; at: number; values: object }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    let now = base;
    server = await startServer(config, pino({ level: 'info' }, sink), { port: 0, clock: () => now });
    const url = `http://127.0.0.1:${server.port}`;
    let sent = 0;
    const committed = async () => JSON.parse((await redis.get(keys.engineStatus())) ?? '{"asOf":0,"centres":{}}') as { asOf: number; centres: Record<string, { applied: number }> };
    for (const { at, events: group } of plan) {
      now = at;
      if (group.length > 0) expect((await api(url).postEvents(group.map((e) => JSON.stringify(e)).join('\n'))).status).toBe(202);
      sent += group.length;
      await waitUntil(async () => {
        const status = await committed();
        return status.asOf === at && Object.values(status.centres).reduce((n, c) => n + c.applied, 0) === sent;
      }, `a step at +${at - base} ms with ${sent} events`);
    }
    await server.stop();
    server = undefined;

    const ids = await redis.zrange(keys.incidentIndex(), '0', '-1');
    const live = {
      transitions: logged.filter((l) => l.msg === 'level transition').map(({ scope, rule, from, to, at, values }) => ({ scope, rule, from, to, at, values })),
      incidents: await Promise.all(ids.map(async (id) => ({ ...JSON.parse((await redis.get(keys.incident(id))) ?? 'null'), timeline: (await redis.lrange(keys.timeline(id), 0, -1)).map((t) => JSON.parse(t)) }))),
      planIntents: await planJobs(),
    };

    const rules = loadRuleFiles([join(dir, 'rules.yaml')]);
    const plans = loadPlanFiles([join(plansDir, 'plans.yaml')], config);
    if (!rules.ok || !plans.ok) throw new Error('the test rules and plans must load');
    const replayed = replay(events, { config, rules: rules.rules, plans: plans.plans }, until);
    const expected = {
      transitions: replayed.transitions.map(({ scope, rule, from, to, at, values }) => ({ scope, rule, from, to, at, values })),
      incidents: [...replayed.incidents].sort((a, b) => a.id.localeCompare(b.id)),
      planIntents: [...replayed.planIntents].sort(byJobAndKey),
    };
    // Not vacuous: the surge rose to orange, fell back and resolved, and asked for plans both ways.
    expect(expected.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['normal→yellow', 'yellow→orange', 'orange→normal']);
    expect(expected.incidents.map((i) => i.state)).toEqual(['resolved']);
    expect(new Set(expected.planIntents.map((i) => i.job))).toEqual(new Set(['action', 'undo']));
    expect(sameTag(live)).toEqual(sameTag(expected));
  }, 90_000);
});

type Intent = { job: string; key: string };
const byJobAndKey = (a: Intent, b: Intent) => `${a.job} ${a.key}`.localeCompare(`${b.job} ${b.key}`);

/** planJobs lists the action and undo jobs the outbox relay queued, as plan intents. */
async function planJobs() {
  const queue = new Queue(QUEUE_NAME, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: keys.bullPrefix() });
  const jobs = await queue.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized']);
  await queue.close();
  return jobs
    .filter((j) => j.name === 'action' || j.name === 'undo')
    .map((j) => ({ job: j.name, key: j.data.key as string, incidentId: j.data.incidentId as string, level: j.data.level as string }))
    .sort(byJobAndKey);
}
