/**
 * Durable ingest: events per second through `POST /v1/events` (NDJSON batches of 100, kept-
 * alive connections, as fast as the server acknowledges), next to
 *   A. a bare ioredis pipeline doing the same Redis work as ingest's append script for the same
 *      lines (each event's dedup record, and a batch's lines appended as one entry a centre; xadd.ts):
 *      the baseline of the targets,
 *   B. a pipeline doing only XADDs, an entry an event (the design's own cost: the dedup record is part of it),
 *   C. redis-benchmark XADD -P 64 (Redis' ceiling);
 * the same batches sent to a second instance, which only ingests while the first holds the
 * pipeline lease (docs/operations.md, "Scaling"); and single-event requests per second next to the same
 * server answering `/healthz`. Targets are issue #15's.
 */
import { removeKeys } from '../../../server/testkit/redis.js';
import { createKeys } from '../../../server/platform/redis/keys.js';
import { LineMaker, shippedCentres } from '../../load/event-lines.js';
import { Histogram, type HistogramJson } from '../../load/histogram.js';
import type { IngestOptions, IngestResult } from '../../load/ingest.js';
import type { XaddOptions, XaddResult } from '../../load/xadd.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';
import { LoadProcess, measureWindow } from '../load-process.js';
import { CpuMeter } from '../proc-stats.js';
import { redisXaddCeiling } from '../redis-benchmark.js';
import { TOKENS } from '../server.js';
import type { Row } from '../table.js';

const SCENARIO = 'durable ingest';

export const ingestScenario: Scenario = {
  name: 'ingest',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { ingest: s, warmupMs, redisUrl } = ctx.settings;

    ctx.log(`redis-benchmark XADD -P 64, ${s.redisBenchmarkRequests.toLocaleString('en-US')} requests`);
    const rbPrefix = ctx.prefix('redis-benchmark');
    const line = new LineMaker('redis-benchmark', 1).batch(1).lines[0]!;
    const redisCeiling = await redisXaddCeiling(redisUrl, createKeys(rbPrefix).stream('hangzhou'), line, s.redisBenchmarkRequests);
    await removeKeys(rbPrefix, redisUrl);

    // The bare baselines run half before and half after the server's window, so load from
    // whatever else shares the machine weighs on both sides alike.
    const { dedupTtlSec } = shippedCentres().ingest;
    const bareRun = async (work: 'dedup' | 'xadd', part: string) => {
      ctx.log(`bare ioredis pipelines, ${work === 'dedup' ? 'SET NX EX + an XADD a centre' : 'an XADD an event'}, for ${s.baselineMs / 2000} s (${part})`);
      const xaddPrefix = ctx.prefix(`${work}-${part}`);
      const options: XaddOptions = { redisUrl, prefix: xaddPrefix, batch: s.batch, inFlight: s.connections, mode: 'pool', seed: 1, tag: xaddPrefix, warmupMs, ...(work === 'dedup' ? { dedupTtlSec, postEvents: s.batch } : {}) };
      const result = await measureWindow<XaddResult>('xadd', options, s.baselineMs / 2 + warmupMs);
      await removeKeys(xaddPrefix, redisUrl);
      return result;
    };
    const sameWorkBefore = await bareRun('dedup', 'before');
    const xaddBefore = await bareRun('xadd', 'before');

    const prefix = ctx.prefix('ingest');
    const server = await ctx.startServer(prefix, 'ingest');
    try {
      const base = { host: '127.0.0.1', port: server.port, token: TOKENS.ingest, connections: s.connections, warmupMs, seed: 1 };
      ctx.log(`POST /v1/events, batches of ${s.batch}, ${s.connections} connections, ${s.windowMs / 1000} s`);
      const batches = await measureIngest({ ...base, mode: 'batch', batch: s.batch, tag: `${prefix}-b` }, s.windowMs, server.pid);
      const xadd = mergeBare(xaddBefore, await bareRun('xadd', 'after'));
      const sameWork = mergeBare(sameWorkBefore, await bareRun('dedup', 'after'));
      ctx.log(`single-event POSTs, then GET /healthz, ${s.singleMs / 1000} s each`);
      const single = await measureWindow<IngestResult>('ingest', { ...base, mode: 'single', batch: 1, tag: `${prefix}-s` } satisfies IngestOptions, s.singleMs + warmupMs);
      const healthz = await measureWindow<IngestResult>('ingest', { ...base, mode: 'healthz', batch: 1, tag: `${prefix}-h` } satisfies IngestOptions, s.singleMs + warmupMs);

      // docs/operations.md, "Scaling": only the lease holder runs the pipeline, so a second instance does ingest alone.
      ctx.log(`a second instance (the first holds the pipeline lease): POST batches to it for ${s.windowMs / 1000} s`);
      const second = await ctx.startServer(prefix, 'ingest-second');
      let follower: Measured;
      let leading: boolean;
      try {
        const status = await second.get<{ instance: string; pipelineOwner: string | null }>('/v1/status');
        leading = status.pipelineOwner === status.instance;
        follower = await measureIngest({ ...base, port: second.port, mode: 'batch', batch: s.batch, tag: `${prefix}-f` }, s.windowMs, second.pid);
      } finally {
        await second.stop();
      }
      const figures = { batches, follower, single, healthz, sameWork, xadd, redisCeiling };
      return {
        rows: rows(figures, leading),
        details: { batches: summary(batches), follower: summary(follower), single: summary(single), healthz: summary(healthz), sameWork: summary(sameWork), xadd: summary(xadd), redisCeiling },
      };
    } finally {
      await server.stop();
      ctx.log('removing the ingested events');
      await removeKeys(prefix, redisUrl);
    }
  },
};

const perSecond = (n: number, ms: number) => (ms > 0 ? (n * 1000) / ms : null);

/** An ingest window with the server's CPU over the same (counted) window (several servers: their sum). */
export type Measured = IngestResult & { serverCpuPercent: number };

/** measureIngest runs one ingest window against the server process(es) `pid`, metering their CPU after the warm-up. */
export async function measureIngest(options: IngestOptions, windowMs: number, pid: number | number[]): Promise<Measured> {
  const { load } = await LoadProcess.start<unknown, IngestResult>('ingest', options);
  try {
    load.go(options.warmupMs + windowMs);
    await new Promise((r) => setTimeout(r, options.warmupMs));
    const cpus = [pid].flat().map((p) => new CpuMeter(p));
    const result = await load.result(options.warmupMs + windowMs);
    return { ...result, serverCpuPercent: cpus.reduce((sum, cpu) => sum + cpu.percent(), 0) };
  } finally {
    load.kill();
  }
}

/** CPU µs per event: of a server over a window, or of the bare client as it reported. */
const serverCpuPerEvent = (m: Measured) => (m.events > 0 ? (m.serverCpuPercent / 100) * m.elapsedMs * 1000 / m.events : null);
const bareCpuPerEvent = (b: XaddResult) => (b.events > 0 ? b.cpuMicros / b.events : null);

function mergeBare(a: XaddResult, b: XaddResult): XaddResult {
  return { events: a.events + b.events, elapsedMs: a.elapsedMs + b.elapsedMs, cpuMicros: a.cpuMicros + b.cpuMicros, latency: Histogram.from(a.latency).add(b.latency).toJSON() };
}

interface Figures {
  batches: Measured;
  /** The same batches, to an instance without the pipeline lease. */
  follower: Measured;
  single: IngestResult;
  healthz: IngestResult;
  /** The bare pipeline doing the append script's Redis work. */
  sameWork: XaddResult;
  /** The bare pipeline doing the XADDs only. */
  xadd: XaddResult;
  redisCeiling: number | null;
}

function rows(f: Figures, secondLeading: boolean): Row[] {
  const rate = perSecond(f.batches.events, f.batches.elapsedMs);
  const ack = Histogram.from(f.batches.latency);
  const pipeline = Histogram.from(f.sameWork.latency);
  const sameWork = { label: 'bare ioredis pipeline, same Redis work (SET NX EX an event, an XADD a centre)', value: perSecond(f.sameWork.events, f.sameWork.elapsedMs) };
  const pipelineAt = (p: number) => ({ label: 'bare pipeline of 100 (SET NX EX an event, an XADD a centre)', value: pipeline.percentile(p) });
  const bareClient = { label: 'bare client, same Redis work', value: bareCpuPerEvent(f.sameWork) };
  return [
    { scenario: SCENARIO, figure: 'events/s, POST batches of 100 (NDJSON)', unit: 'ev/s', value: rate, baseline: sameWork, target: { on: 'ratio', op: '>=', limit: 0.75 }, invalid: problems(f.batches) },
    { scenario: SCENARIO, figure: 'events/s, same, vs XADD alone (the design\'s cost)', unit: 'ev/s', value: rate, baseline: { label: 'bare ioredis XADD pipeline, an entry an event', value: perSecond(f.xadd.events, f.xadd.elapsedMs) }, target: { on: 'ratio', op: '>=', limit: 0.5 }, invalid: problems(f.batches) },
    { scenario: SCENARIO, figure: 'events/s vs Redis itself', unit: 'ev/s', value: rate, baseline: { label: 'redis-benchmark XADD -P 64', value: f.redisCeiling }, ...(f.redisCeiling === null ? { note: 'redis-benchmark not installed' } : {}) },
    { scenario: SCENARIO, figure: 'ack latency p50 (batch of 100)', unit: 'ms', value: ack.percentile(50), baseline: pipelineAt(50) },
    { scenario: SCENARIO, figure: 'ack latency p99 (batch of 100)', unit: 'ms', value: ack.percentile(99), baseline: pipelineAt(99) },
    {
      scenario: SCENARIO,
      figure: 'events/s, same, to a 2nd instance (ingest only; the 1st runs the pipeline)',
      unit: 'ev/s',
      value: perSecond(f.follower.events, f.follower.elapsedMs),
      baseline: sameWork,
      target: { on: 'ratio', op: '>=', limit: 0.9 },
      invalid: secondLeading ? 'the second instance took the pipeline lease' : problems(f.follower),
    },
    { scenario: SCENARIO, figure: 'server CPU per event (ingest + pipeline)', unit: 'µs', value: serverCpuPerEvent(f.batches), baseline: bareClient },
    { scenario: SCENARIO, figure: 'CPU per event of the ingest-only 2nd instance', unit: 'µs', value: serverCpuPerEvent(f.follower), baseline: bareClient },
    {
      scenario: SCENARIO,
      figure: 'single-event requests/s',
      unit: 'req/s',
      value: perSecond(f.single.events, f.single.elapsedMs),
      baseline: { label: 'GET /healthz, same server', value: perSecond(f.healthz.events, f.healthz.elapsedMs) },
      target: { on: 'ratio', op: '>=', limit: 0.33 },
      invalid: problems(f.single) ?? problems(f.healthz),
    },
  ];
}

/** problems names what makes a run's rate untrustworthy: failed requests or refused events. */
export function problems(r: IngestResult): string | undefined {
  const failed = Object.entries(r.failures).map(([status, n]) => `${n}× ${status}`);
  if (r.rejected > 0) failed.push(`${r.rejected} events rejected`);
  return failed.length > 0 ? failed.join(', ') : undefined;
}

function summary<T extends { latency: HistogramJson }>(r: T) {
  return { ...r, latency: Histogram.from(r.latency).summary() };
}
