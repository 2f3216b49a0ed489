/**
 * kill -9 the engine mid-stream, restart it, and compare with an uninterrupted run over
 * the same events (`surge replay`, the same metrics code with no Redis in between). It runs with one
 * pipeline and with a lease per centre (`server.pipelinePartitions: centres`), whose checkpoints sit in
 * each centre's slot.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulation } from '../simulator/simulation.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import type { MetricsByScope } from '../stages/metrics/types.js';
import { createKeys, partitionKeys } from '../platform/redis/keys.js';
import type { Checkpoint } from '../stages/stream/checkpoint.js';
import { fromFields } from '../stages/stream/checkpoint-fields.js';
import { api, demoConfig, REDIS_URL, removeKeys, uniquePrefix, waitUntil } from './support/env.js';
import { differences } from './support/figure-diff.js';
import { SurgeProcess, writeConfig } from '../testkit/process.js';
import { replayJson } from './support/replay-cli.js';

const filePrefix = uniquePrefix('crash');
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await removeKeys(filePrefix);
});

type Status = { centres: Record<string, { streamLength: number; applied: number; lastApplied: string }> };

// asOf is when; sourceSilentSec is what the rules read, counted from the restarted term's first step at the
// earliest (capSilence) — neither depends on the events. freshness (last event time, silence) is still compared.
const withoutAsOf = (scopes: MetricsByScope) => Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, { ...v, asOf: 0, sourceSilentSec: undefined }]));

describe.each(['whole', 'centres'] as const)('crash and restart, pipelinePartitions %s', (partitions) => {
  it('gives exactly the figures of an uninterrupted run', async () => {
    // Under the file's prefix, so its clean-up takes both runs' keys.
    const prefix = `${filePrefix}:${partitions}`;
    const keys = createKeys(prefix);
    // Where a centre's checkpoint is: `{global}`, or with a lease per centre its own slot.
    const checkpointKey = (centre: string) => (partitions === 'whole' ? keys : partitionKeys(keys, centre, centre)).checkpoint(centre);
    const now = Date.now();
    // Simulate a busy morning (10:00 in the centres' zone), then move it to the last 25 minutes:
    // the amount of traffic must not depend on when the test runs.
    const morning = Date.parse('2026-11-23T10:00:00+08:00');
    const sim = createSimulation({ config: demoConfig(prefix), scenario: 'surge', seed: 42, startMs: morning });
    const shift = now - 25 * 60_000 - morning;
    const events: CanonicalEvent[] = sim.advance(morning + 20 * 60_000).map((e) => ({ ...e, ts: e.ts + shift }));
    expect(events.length).toBeGreaterThan(2000);
    const lines = events.map((e) => JSON.stringify(e));
    const batches: string[][] = [];
    for (let i = 0; i < lines.length; i += 400) batches.push(lines.slice(i, i + 400));
    const third = Math.floor(batches.length / 3);
    const phases = [batches.slice(0, third), batches.slice(third, 2 * third), batches.slice(2 * third)];

    // A long checkpoint interval makes sure the kill loses work done in memory.
    const configFile = writeConfig([
      [['redis', 'prefix'], prefix],
      [['metrics', 'checkpointMs'], 60_000],
      [['server', 'pipelinePartitions'], partitions],
    ]);
    const totalApplied = async (base: string) => {
      const s = (await (await api(base).get('/v1/status')).json()) as Status;
      return Object.values(s.centres).reduce((n, c) => n + c.applied, 0);
    };
    const post = async (base: string, list: string[][]) => {
      for (const batch of list) expect((await api(base).postEvents(batch.join('\n'))).status).toBe(202);
    };

    // 1. A clean stop checkpoints everything applied so far.
    const first = await SurgeProcess.start(configFile);
    await post(first.base, phases[0]!);
    const sentFirst = phases[0]!.flat().length;
    await waitUntil(async () => (await totalApplied(first.base)) === sentFirst || undefined, 'phase 1 applied');
    expect(await first.kill('SIGTERM')).toBe(0);

    // 2. A second run applies more, then dies before its next checkpoint.
    const second = await SurgeProcess.start(configFile);
    expect(await totalApplied(second.base)).toBe(sentFirst);
    await post(second.base, phases[1]!);
    const sentSecond = sentFirst + phases[1]!.flat().length;
    await waitUntil(async () => (await totalApplied(second.base)) === sentSecond || undefined, 'phase 2 applied');
    expect(await second.kill('SIGKILL')).toBe(null);
    const checkpointed = await Promise.all(['hangzhou', 'shanghai', 'wuhan'].map(async (c) => (fromFields(await redis.hgetall(checkpointKey(c))) as Checkpoint).state.applied));
    // The checkpoints hold phase 1 only: the restart must restore them and re-read phase 2.
    expect(checkpointed.reduce((a, b) => a + b, 0)).toBe(sentFirst);

    // 3. The restarted engine; the bridge resends the last batch it is unsure of, then carries on.
    const restarted = await SurgeProcess.start(configFile);
    const lastBatch = phases[1]![phases[1]!.length - 1]!;
    const resent = await (await api(restarted.base).postEvents(lastBatch.join('\n'))).json();
    expect(resent).toMatchObject({ accepted: 0, duplicates: lastBatch.length });
    await post(restarted.base, phases[2]!);
    const caughtUpAt = await waitUntil(async () => ((await totalApplied(restarted.base)) >= lines.length ? Date.now() : undefined), 'the restarted process to catch up');
    const status = (await (await api(restarted.base).get('/v1/status')).json()) as Status;
    for (const centre of ['hangzhou', 'shanghai', 'wuhan']) {
      expect(status.centres[centre]!.applied).toBe(events.filter((e) => e.centre === centre).length);
    }
    // With a lease per centre each partition steps on its own: a window may move between two of their steps (the
    // roll-up reads the centres' last commits), so the comparison may take another look, as in the Cluster test.
    let mismatch = '';
    for (let look = 0; look < (partitions === 'whole' ? 1 : 6) && (look === 0 || mismatch !== ''); look++) {
      const live = await waitUntil(async () => {
        const m = (await (await api(restarted.base).get('/v1/metrics')).json()) as { asOf: number; scopes: MetricsByScope };
        return m.asOf > caughtUpAt ? m : undefined;
      }, 'a metrics tick after catching up');
      const replayed = replayJson(lines, configFile, live.asOf);
      expect(replayed.events).toBe(events.length);
      mismatch = differences(withoutAsOf(live.scopes), withoutAsOf(replayed.scopes)).join('\n');
      // Not vacuous: the traffic moved the figures. The 15-minute window, not today's: just after midnight in the
      // centres' zone most of the 25 minutes fall on yesterday.
      expect(live.scopes.all!.windows['15m'].offered).toBeGreaterThan(100);
      if (mismatch !== '') console.log(`[crash-restart ${partitions}] look ${look + 1}:\n${mismatch}`);
    }
    await restarted.kill('SIGTERM');
    expect(mismatch).toBe('');
  }, 120_000);
});
