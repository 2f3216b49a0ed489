/**
 * Pipeline partitions on a real Redis Cluster (3 masters, 3 replicas): three `surge start` processes with
 * `server.pipelinePartitions: centres` each run one centre's partition, whose keys (lease, fence, epoch copy,
 * state, figures, checkpoint) live in that centre's slot, beside its stream; the roll-up's stay in `{global}`.
 * With the shipped centres that is all three masters: wuhan and hangzhou on one, shanghai on another,
 * `{global}` on the third. Mid-surge CLUSTER FAILOVER hands shanghai's slot to its replica: its partition
 * starts a new term on the new master (the fence checks the master of its own slot). Later kill -9 of the
 * master holding wuhan's and hangzhou's slots starts new terms for both on their promoted replica. Then the
 * committed figures, the roll-up's included, equal `surge replay` of what the streams hold.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { centreSlotKeys, createKeys, partitionKeys } from '../../platform/redis/keys.js';
import { redisClient } from '../../platform/redis/connect.js';
import { createSimulation } from '../../simulator/simulation.js';
import type { CanonicalEvent } from '../../stages/ingest/contract.js';
import type { MetricsByScope } from '../../stages/metrics/types.js';
import { compareIds } from '../../stages/stream/checkpoint.js';
import { FakeTwilio } from '../../testkit/fake-twilio.js';
import { SurgeProcess } from '../../testkit/process.js';
import { streamLines } from '../../testkit/stream-lines.js';
import { api, demoConfig, uniquePrefix, waitUntil, writeRulesFolder } from '../support/env.js';
import { replayJson } from '../support/replay-cli.js';
import { AUTH_TOKEN, processConfig } from '../support/plan-world.js';
import { quickVoiceRules } from '../support/quick-rules.js';
import { differences, withoutAsOf } from '../support/figure-diff.js';
import { clusterToolsMissing, RedisCluster } from '../../testkit/redis-cluster.js';

const missing = clusterToolsMissing();
const prefix = uniquePrefix('cluster-partitions');
const keys = createKeys(prefix);
const CENTRES = ['hangzhou', 'shanghai', 'wuhan'];
const slotted = centreSlotKeys(keys, CENTRES);
const own = (centre: string) => partitionKeys(slotted, centre, centre);
const rollUp = partitionKeys(slotted, 'roll-up');
let cluster: RedisCluster | undefined;
const processes: SurgeProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill('SIGKILL')));
  await Promise.all(closers.map((close) => close().catch(() => undefined)));
  cluster?.stop();
});

type Status = { instance: string; partitions: Record<string, string | null>; centres: Record<string, { applied?: number }> };
describe.skipIf(missing !== undefined)(`Pipeline partitions on Redis Cluster${missing ? ` (skipped: ${missing} is not installed)` : ''}`, () => {
  it('commits each centre into its own slot, spread over the masters, and figures exactly what the streams hold', async () => {
    cluster = await RedisCluster.start(3);
    const fakeTwilio = await FakeTwilio.start(AUTH_TOKEN);
    closers.push(() => fakeTwilio.close());
    const redis = redisClient(cluster.url, { maxRetriesPerRequest: 20 });
    closers.push(async () => redis.disconnect());

    const morning = Date.parse('2026-11-23T10:00:00+08:00');
    const sim = createSimulation({ config: demoConfig(prefix), scenario: 'surge', seed: 11, startMs: morning });
    const shift = Date.now() - 25 * 60_000 - morning;
    const lines = sim.advance(morning + 15 * 60_000).map((e: CanonicalEvent) => JSON.stringify({ ...e, ts: e.ts + shift }));
    const batches: string[][] = [];
    for (let i = 0; i < lines.length; i += 150) batches.push(lines.slice(i, i + 150));

    const config = processConfig(prefix, writeRulesFolder(quickVoiceRules({ at: { yellow: 1000, orange: 2000, red: 3000 } }), 'plans: []\n'), { twilio: fakeTwilio }, [
      [['server', 'pipelinePartitions'], 'centres'],
      [['metrics', 'checkpointMs'], 1000],
    ]);
    const env = { REDIS_URL: cluster.url, SURGE_LEASE_TTL_MS: '1500', LOG_LEVEL: 'info' };
    for (let i = 0; i < 3; i++) processes.push(await SurgeProcess.start(config, env));
    const status = async () => (await (await api(processes[0]!.base).get('/v1/status')).json()) as Status;
    const ids = await Promise.all(processes.map(async (p) => ((await (await api(p.base).get('/v1/status')).json()) as Status).instance));
    const spread = await waitUntil(async () => {
      const { partitions } = await status();
      const owners = CENTRES.map((c) => partitions[c]);
      return new Set(owners).size === 3 && owners.every((o) => o && ids.includes(o)) && partitions['roll-up'] ? partitions : undefined;
    }, 'each instance to run one centre', 30_000);
    console.log(`[cluster-partitions] owners: ${JSON.stringify(spread)}`);
    // Where each process's log stood once the partitions were spread (their terms begun before are the spreading).
    const spreadAt = processes.map((p) => p.output.length);

    const post = async (batch: string[], n: number) =>
      waitUntil(async () => (await api(processes[n % processes.length]!.base).postEvents(batch.join('\n'))).status === 202, `batch ${n} to be accepted`, 40_000);
    const half = Math.floor(batches.length / 2);
    for (let n = 0; n < half; n++) await post(batches[n]!, n);

    // Each centre's partition commits in its centre's slot, on the master holding its stream; the roll-up in {global}.
    const masterOf = async (key: string) => cluster!.masterOf(key);
    const placed: Record<string, number> = {};
    for (const centre of CENTRES) {
      const k = own(centre);
      placed[centre] = await masterOf(k.pipelineState());
      for (const key of [k.lease(), k.fence(), k.epoch(), k.metrics(), k.checkpoint(centre), k.rollUpParts()]) expect(await masterOf(key)).toBe(placed[centre]);
      expect(await masterOf(keys.stream(centre))).toBe(placed[centre]);
      expect(await redis.exists(k.fence(), k.epoch(), k.pipelineState(), k.metrics(), k.rollUpParts())).toBe(5);
      expect(JSON.parse((await redis.get(k.epoch()))!).id).toBe(JSON.parse((await redis.get(keys.epoch()))!).id);
    }
    placed['roll-up'] = await masterOf(rollUp.pipelineState());
    expect(await redis.exists(rollUp.pipelineState(), keys.metrics())).toBe(2);
    console.log(`[cluster-partitions] partition → master port: ${JSON.stringify(placed)}`);
    expect(new Set(Object.values(placed)).size).toBe(3);

    // A planned failover of shanghai's slot: its partition carries on from the new master.
    const shanghaiMaster = placed.shanghai!;
    const replica = (await cluster.roles()).find((n) => n.masterPort === shanghaiMaster)!;
    await cluster.failover(replica.port);
    const threeQuarters = Math.floor((batches.length * 3) / 4);
    for (let n = half; n < threeQuarters; n++) await post(batches[n]!, n);
    expect(await masterOf(own('shanghai').pipelineState())).toBe(replica.port);
    const killedAt = processes.map((p) => p.output.length);

    // kill -9 of the master holding wuhan's and hangzhou's slots, mid-surge: their replicas take over, and what
    // the dead master acknowledged but had not replicated is gone (ackReplicas 0). Both partitions start new
    // terms from what the new master holds; the figures below are of what the streams hold.
    const victim = placed.wuhan!;
    cluster.kill9(victim);
    await waitUntil(async () => (await cluster!.masterOf(keys.stream('wuhan')).catch(() => victim)) !== victim, "wuhan's replica to take over", 30_000);
    await cluster.restart(victim);
    for (let n = threeQuarters; n < batches.length; n++) await post(batches[n]!, n);
    await cluster.waitHealthy(3, 60_000);

    const held: { id: string; line: string }[] = [];
    for (const centre of CENTRES) held.push(...(await streamLines(redis, keys.stream(centre))));
    held.sort((a, b) => compareIds(a.id, b.id));
    console.log(`[cluster-partitions] ${held.length} events in the streams`);
    const totalApplied = async () => Object.values((await status()).centres).reduce((n, c) => n + (c.applied ?? 0), 0);
    const caughtUpAt = await waitUntil(async () => ((await totalApplied()) === held.length ? Date.now() : undefined), `the partitions to apply all ${held.length} stream entries`, 60_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\nstatus: ${JSON.stringify(await status())}\n${processes.map((p) => p.output.join('').slice(-3000)).join('\n---\n')}`);
    });
    const fetchFigures = async () => (await (await api(processes[1]!.base).get('/v1/metrics')).json()) as { asOf: number; scopes: MetricsByScope };
    // Each partition steps on its own: a window may move between two of their steps, so the comparison may take another look.
    let mismatch = '';
    for (let attempt = 0; attempt < 6; attempt++) {
      // /v1/metrics says when any slot was last committed; each partition's own step is its slot's asOf.
      const live = await waitUntil(async () => {
        const stepped = await Promise.all(slotted.slots().map(async (k) => Number(await redis.get(k.metricsAsOf()))));
        return stepped.every((asOf) => asOf > caughtUpAt) ? fetchFigures() : undefined;
      }, 'a step of every partition after catching up');
      const replayed = replayJson(held.map((h) => h.line), config, live.asOf);
      expect(replayed.events).toBe(held.length);
      expect(live.scopes.all!.windows['15m'].offered).toBeGreaterThan(100);
      mismatch = differences(withoutAsOf(live.scopes), withoutAsOf(replayed.scopes)).join('\n');
      if (mismatch === '') break;
      console.log(`[cluster-partitions] a window moved between two partitions' steps (attempt ${attempt + 1}):\n${mismatch}`);
    }
    expect(mismatch).toBe('');
    // Since the spread, only shanghai's partition saw its master change: the fence and the lease watch the master of
    // each partition's own slot, so a failover elsewhere does not end a term. Terms begun are printed (load may end one).
    const logged = (from: number[], to?: number[]) => processes.flatMap((p, i) => p.output.slice(from[i], to?.[i]).join('').split('\n'));
    const count = (lines: string[], text: string) => Object.fromEntries([...CENTRES, 'roll-up'].map((id) => [id, lines.filter((l) => l.includes(text) && l.includes(`"partition":"${id}"`)).length]));
    // Only the kill moves wuhan's and hangzhou's masters: before it no partition but shanghai saw its master change.
    expect(count(logged(spreadAt, killedAt), 'Redis master changed')).toMatchObject({ hangzhou: 0, wuhan: 0, 'roll-up': 0 });
    // Shanghai's new term may be logged after the kill began: counted over the whole run since the spread.
    const terms = count(logged(spreadAt), 'pipeline lease acquired');
    console.log(`[cluster-partitions] terms begun after the spread: ${JSON.stringify(terms)}`);
    expect(terms.shanghai).toBeGreaterThanOrEqual(1);
    // After the kill -9, wuhan's and hangzhou's partitions began terms on their new master.
    const afterKill = count(logged(killedAt), 'pipeline lease acquired');
    console.log(`[cluster-partitions] terms begun after the kill: ${JSON.stringify(afterKill)}`);
    expect(afterKill.wuhan).toBeGreaterThanOrEqual(1);
    expect(afterKill.hangzhou).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
