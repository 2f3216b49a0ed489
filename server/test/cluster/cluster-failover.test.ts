/**
 * Surge Control on a real Redis Cluster (3 masters, 3 replicas, started here from redis-server):
 * two `surge start` processes on `redis+cluster://…` take a simulated surge across three centres
 * (batches mixing centres, so ingest splits them per slot), while
 *   1. kill -9 takes down the master holding one centre's stream (its replica takes over; the killed
 *      node comes back empty and rejoins as the new master's replica), and
 *   2. CLUSTER FAILOVER hands the pipeline's `{global}` slot to its replica.
 * Then: a wall on the other instance still hears news (Cluster pub/sub), nobody got an SMS twice and the ACD, applying each webhook id once, applied each change once (with WAIT none is even resent); the committed figures are
 * exactly `surge replay` of what the streams hold. With WAIT acknowledgement (redis.ackReplicas 1: each
 * centre's part waits for its own master's replica) no acknowledged event is lost; without it, how many
 * the streams lost (Redis replicates asynchronously) is measured and printed, not asserted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../platform/redis/keys.js';
import { redisClient } from '../../platform/redis/connect.js';
import { createSimulation } from '../../simulator/simulation.js';
import type { CanonicalEvent } from '../../stages/ingest/contract.js';
import type { MetricsByScope } from '../../stages/metrics/types.js';
import { compareIds } from '../../stages/stream/checkpoint.js';
import { FakeAcd } from '../../testkit/fake-acd.js';
import { FakeTwilio } from '../../testkit/fake-twilio.js';
import { SurgeProcess } from '../../testkit/process.js';
import { streamLines } from '../../testkit/stream-lines.js';
import WebSocket from 'ws';
import { api, demoConfig, TOKENS, uniquePrefix, waitUntil, writeRulesFolder } from '../support/env.js';
import { replayJson } from '../support/replay-cli.js';
import { AUTH_TOKEN, processConfig, SECRET, traffic } from '../support/plan-world.js';
import { quickVoiceRules } from '../support/quick-rules.js';
import { clusterToolsMissing, RedisCluster } from '../../testkit/redis-cluster.js';

const missing = clusterToolsMissing();
const CENTRES = ['hangzhou', 'shanghai', 'wuhan'];
const clusters: RedisCluster[] = [];
const allProcesses: SurgeProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  // Every process goes, even when the test failed half-way.
  await Promise.all(allProcesses.map((p) => p.kill('SIGKILL')));
  await Promise.all(closers.map((close) => close().catch(() => undefined)));
  for (const cluster of clusters) cluster.stop();
});

const RULES = quickVoiceRules({ name: 'voice', scope: 'queue:wuhan/voice', at: { yellow: 5, orange: 10, red: 20 } });
const PLANS = `
plans:
  - name: call-out
    level: orange
    actions:
      - notify: { group: duty-managers, template: level-alert }
      - activateSeats: { seatType: home, count: 2 }
`;

type Status = { centres: Record<string, { applied: number }> };
const withoutAsOf = (scopes: MetricsByScope) => Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, { ...v, asOf: 0, sourceSilentSec: undefined }]));

describe.skipIf(missing !== undefined).each([
  // 1: with WAIT acknowledgement; 0: without it.
  { ackReplicas: 1, label: 'ackReplicas 1' },
  { ackReplicas: 0, label: 'ackReplicas 0' },
])(`Redis Cluster failover${missing ? ` (skipped: ${missing} is not installed)` : ''}, $label`, ({ ackReplicas }) => {
  it('sends nothing twice and commits exactly the figures of what the streams hold', async () => {
    const prefix = uniquePrefix(`cluster-ack${ackReplicas}`);
    const keys = createKeys(prefix);
    const processes: SurgeProcess[] = [];
    const cluster = await RedisCluster.start(3);
    clusters.push(cluster);
    const fakeTwilio = await FakeTwilio.start(AUTH_TOKEN);
    const fakeAcd = await FakeAcd.start(SECRET);
    closers.push(() => fakeTwilio.close(), () => fakeAcd.close());
    const redis = redisClient(cluster.url, { maxRetriesPerRequest: 20 });
    closers.push(async () => redis.disconnect());

    // A surge in the centres' morning, moved to the last 25 minutes (the amount must not depend on the clock).
    const morning = Date.parse('2026-11-23T10:00:00+08:00');
    const sim = createSimulation({ config: demoConfig(prefix), scenario: 'surge', seed: 7, startMs: morning });
    const shift = Date.now() - 25 * 60_000 - morning;
    const events: CanonicalEvent[] = sim.advance(morning + 20 * 60_000).map((e) => ({ ...e, ts: e.ts + shift }));
    const lines = events.map((e) => JSON.stringify(e));
    const batches: string[][] = [];
    for (let i = 0; i < lines.length; i += 150) batches.push(lines.slice(i, i + 150));

    const config = processConfig(prefix, writeRulesFolder(RULES, PLANS), { twilio: fakeTwilio, acd: fakeAcd }, [
      [['incidents', 'quietPeriodSec'], 3600],
      [['notify'], { repeatEverySec: 3600, escalateAfterSec: 7200 }],
      [['metrics', 'checkpointMs'], 2000],
    ]);
    const env = { REDIS_URL: cluster.url, SURGE_LEASE_TTL_MS: '1500', SURGE_REDIS_ACK_REPLICAS: String(ackReplicas), LOG_LEVEL: 'info' };
    for (let i = 0; i < 2; i++) processes.push(await SurgeProcess.start(config, env));
    allProcesses.push(...processes);
    expect(processes[0]!.output.join('')).toMatch(/Redis Cluster, 3 masters/);
    // A wall on the second instance: its news comes through Cluster pub/sub, whichever node dies.
    const wall = await openWall(processes[1]!.base);
    closers.push(async () => wall.ws.close());

    // Posts a batch like a CTI bridge: a refusal (503 while a slot moves) is retried, bounded.
    const acknowledged = new Set<string>();
    let refused = 0;
    const refusals = new Set<number>();
    const post = async (batch: string[], n: number) => {
      await waitUntil(async () => {
        const res = await api(processes[n % processes.length]!.base).postEvents(batch.join('\n'));
        if (res.status !== 202) {
          refused++;
          refusals.add(res.status);
        }
        return res.status === 202;
      }, `batch ${n} to be accepted`, 40_000);
      for (const line of batch) acknowledged.add((JSON.parse(line) as { id: string }).id);
    };
    const third = Math.floor(batches.length / 3);
    const postingFrom = Date.now();
    for (let n = 0; n < third; n++) await post(batches[n]!, n);

    // 1. kill -9 the master holding wuhan's stream, mid-surge; its replica takes over.
    const victim = await cluster.masterOf(keys.stream('wuhan'));
    const ackedBeforeKill = new Set(acknowledged);
    cluster.kill9(victim);
    await waitUntil(async () => (await cluster.masterOf(keys.stream('wuhan')).catch(() => victim)) !== victim, "wuhan's replica to take over", 30_000);
    // Back empty, as the new master's replica: until then, with WAIT, wuhan's events have no replica to wait for (503).
    await cluster.restart(victim);
    for (let n = third; n < 2 * third; n++) await post(batches[n]!, n);
    // Callers pile up in wuhan's voice queue: the rules rise to red and the plans send SMS and webhooks
    // while the next failover happens.
    await post(traffic(prefix).queue(25).split('\n'), batches.length);
    await cluster.waitHealthy(3, 60_000);

    // 2. A planned failover of the pipeline's slot: its replica takes over with every write.
    const globalMaster = await cluster.masterOf(keys.pipelineState());
    const replica = (await cluster.roles()).find((n) => n.masterPort === globalMaster)!;
    await cluster.failover(replica.port);
    for (let n = 2 * third; n < batches.length; n++) await post(batches[n]!, n);
    const heardBefore = wall.messages.length;
    await post(traffic(`${prefix}-late`).queue(3).split('\n'), batches.length + 1);
    await waitUntil(() => wall.messages.slice(heardBefore).some((m) => m.type === 'delta'), 'the wall to hear news after both failovers', 30_000);

    const postingSec = (Date.now() - postingFrom) / 1000;
    // What the streams hold, and how much of what was acknowledged they lost.
    const held: { id: string; line: string }[] = [];
    for (const centre of CENTRES) {
      held.push(...(await streamLines(redis, keys.stream(centre))));
    }
    held.sort((a, b) => compareIds(a.id, b.id));
    const heldIds = new Set(held.map((h) => (JSON.parse(h.line) as { id: string }).id));
    const lost = [...acknowledged].filter((id) => !heldIds.has(id));
    const lostBeforeKill = lost.filter((id) => ackedBeforeKill.has(id)).length;
    // A failover is Redis unable to serve for now: 503 with a reason, never an internal error.
    expect([...refusals].filter((status) => status !== 503)).toEqual([]);
    console.log(`[cluster] ackReplicas ${ackReplicas}: ${acknowledged.size} events acknowledged, ${lost.length} lost (${lostBeforeKill} of them acknowledged before the kill -9); ${refused} refusals retried; ingest ${Math.round(acknowledged.size / postingSec)} events/s across both failovers (one poster, batches of 150)`);
    if (ackReplicas > 0) expect(lost).toEqual([]);

    const totalApplied = async () => {
      const s = (await (await api(processes[0]!.base).get('/v1/status')).json()) as Status;
      return Object.values(s.centres).reduce((n, c) => n + c.applied, 0);
    };
    const caughtUpAt = await waitUntil(async () => ((await totalApplied()) === held.length ? Date.now() : undefined), `the pipeline to apply all ${held.length} stream entries`, 60_000).catch(async (err: Error) => {
      const status = await (await api(processes[0]!.base).get('/v1/status')).text();
      throw new Error(`${err.message}\nstatus: ${status}\n${processes.map((p) => p.output.join('').slice(-3000)).join('\n---\n')}`);
    });
    const live = await waitUntil(async () => {
      const m = (await (await api(processes[0]!.base).get('/v1/metrics')).json()) as { asOf: number; scopes: MetricsByScope };
      return m.asOf > caughtUpAt ? m : undefined;
    }, 'a metrics tick after catching up');

    const replayed = replayJson(held.map((h) => h.line), config, live.asOf);
    expect(replayed.events).toBe(held.length);
    expect(withoutAsOf(live.scopes)).toEqual(withoutAsOf(replayed.scopes));
    expect(live.scopes.all!.windows['15m'].offered).toBeGreaterThan(100);

    // Nothing sent twice: each person one SMS at most.
    const base = processes[0]!.base;
    await waitUntil(() => fakeTwilio.messages.length > 0 && fakeAcd.received.length > 0, 'the plans to send SMS and webhooks', 30_000).catch(async (err: Error) => {
      const seen = await Promise.all(['/v1/incidents?state=all', '/v1/plan-steps'].map(async (path) => (await (await api(base).get(path)).text()).slice(0, 1500)));
      throw new Error(`${err.message}\n${seen.join('\n')}\n${processes.map((p) => p.output.join('').slice(-3000)).join('\n---\n')}`);
    });
    // Late repeats would show here too.
    await new Promise((r) => setTimeout(r, 2000));
    const to = fakeTwilio.messages.map((m) => m.To);
    expect(new Set(to).size, `${JSON.stringify(fakeTwilio.messages.map((m) => [m.To, m.Body]))}\n${processes.map((p) => p.output.join('').split('\n').filter((l) => /sms|SMS|claim|lease|term|fenced/.test(l)).slice(-40).join('\n')).join('\n---\n')}`).toBe(to.length);
    // The ACD applies each webhook id once (the contract): a resend of a delivered id changes nothing. With WAIT none
    // is resent: a delivery's record waits out the failover, and a replica holds it.
    expect(fakeAcd.applied.conflicts).toEqual([]);
    console.log(`[cluster] ackReplicas ${ackReplicas}: ${fakeAcd.applied.calls.length} webhook ids applied, ${fakeAcd.applied.repeats} resent`);
    if (ackReplicas > 0) expect(fakeAcd.applied.repeats).toBe(0);
  }, 300_000);
});

/** openWall connects a display to /v1/live and collects what it is sent. */
function openWall(base: string): Promise<{ ws: WebSocket; messages: { type: string }[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/live?token=${TOKENS.display}`);
    const messages: { type: string }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}
