/**
 * Ingest on Redis Cluster (docs/scaling.md, "Throughput"): events per second and acknowledgement
 * latency of three `surge start` instances on a private 3-master Cluster (3 replicas), against
 * one instance on one private redis-server, same run, same load: one Node load process posting
 * NDJSON batches of 100 over the same number of kept-alive connections, spread round-robin over
 * the instances. Both sides are up throughout; the single side's window is split around the
 * Cluster's. Every process it starts (redis-servers, servers) is killed at the end, on
 * failure too, and on the harness exiting.
 */
import { availableParallelism } from 'node:os';
import { clusterToolsMissing, RedisCluster } from '../../../server/testkit/redis-cluster.js';
import { RedisProcess } from '../../../server/testkit/redis-process.js';
import { Histogram } from '../../load/histogram.js';
import type { IngestOptions } from '../../load/ingest.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';
import { BenchServer, TOKENS } from '../server.js';
import type { Row } from '../table.js';
import { measureIngest, problems, type Measured } from './ingest.js';

const SCENARIO = 'Cluster ingest';
const MASTERS = 3;
const INSTANCES = 3;

export const clusterScenario: Scenario = {
  name: 'cluster',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const missing = clusterToolsMissing();
    if (missing) return { rows: [{ scenario: SCENARIO, figure: 'events/s', unit: 'ev/s', value: null, note: `${missing} not installed` }], details: {} };
    const { ingest: s, warmupMs } = ctx.settings;
    // The same connections for both sides, an equal share per instance.
    const connections = INSTANCES * Math.ceil(s.connections / INSTANCES);
    const started = new Started();
    const killAll = () => started.killNow();
    process.once('exit', killAll);
    try {
      ctx.log('a private redis-server (no persistence, as the Cluster nodes) and one instance on it');
      const single = await started.redis();
      const oneServer = await started.servers(1, { prefix: ctx.prefix('cluster-single'), redisUrl: single.url });
      ctx.log(`a private Redis Cluster (${MASTERS} masters, ${MASTERS} replicas) and ${INSTANCES} instances on it`);
      const cluster = await started.cluster();
      const threeServers = await started.servers(INSTANCES, { prefix: ctx.prefix('cluster-three'), redisUrl: cluster.url });
      const measure = (servers: BenchServer[], windowMs: number, tag: string): Promise<Measured> => {
        ctx.log(`POST /v1/events, batches of ${s.batch}, ${connections} connections over ${servers.length} instance(s), ${windowMs / 1000} s`);
        const [first, ...rest] = servers.map((server) => server.port);
        const options: IngestOptions = { host: '127.0.0.1', port: first!, ports: [first!, ...rest], token: TOKENS.ingest, connections, warmupMs, seed: 1, mode: 'batch', batch: s.batch, tag: ctx.prefix(tag) };
        return measureIngest(options, windowMs, servers.map((server) => server.pid));
      };
      // The single side runs half before and half after the Cluster's window, so other work on the machine weighs on both alike.
      const oneBefore = await measure(oneServer, s.baselineMs / 2, 'single-before');
      const three = await measure(threeServers, s.baselineMs, 'three');
      const one = merge(oneBefore, await measure(oneServer, s.baselineMs / 2, 'single-after'));
      return { rows: rows(one, three), details: { single: summary(one), cluster: summary(three), connections, cpus: availableParallelism() } };
    } finally {
      await started.stopAll();
      process.removeListener('exit', killAll);
    }
  },
};

/** Started keeps every process the scenario started, to stop them in order or kill them at once. */
class Started {
  private running: BenchServer[] = [];
  private single?: RedisProcess;
  private redisCluster?: RedisCluster;

  async redis(): Promise<RedisProcess> {
    this.single = await RedisProcess.start({ persistent: false });
    return this.single;
  }

  async cluster(): Promise<RedisCluster> {
    this.redisCluster = await RedisCluster.start(MASTERS);
    return this.redisCluster;
  }

  /** servers starts `count` instances on one prefix; if any fails to start, the others are stopped with it. */
  async servers(count: number, options: { prefix: string; redisUrl: string }): Promise<BenchServer[]> {
    const spawned: BenchServer[] = [];
    for (let i = 0; i < count; i++) spawned.push(await BenchServer.spawn(options));
    this.running.push(...spawned);
    await Promise.all(spawned.map((server) => server.ready()));
    return spawned;
  }

  /** stopAll stops the servers in order (SIGTERM), then kills the Redis processes. */
  async stopAll(): Promise<void> {
    const servers = this.running;
    this.running = [];
    await Promise.allSettled(servers.map((server) => server.stop()));
    this.redisCluster?.stop();
    await this.single?.destroy();
  }

  /** killNow sends SIGKILL to everything still running (synchronous: safe in an 'exit' handler). */
  killNow(): void {
    for (const server of this.running) void server.kill();
    this.redisCluster?.stop();
    void this.single?.kill();
  }
}

/** merge adds two windows of the same side into one. */
function merge(a: Measured, b: Measured): Measured {
  const failures = { ...a.failures };
  for (const [status, n] of Object.entries(b.failures)) failures[status] = (failures[status] ?? 0) + n;
  const elapsedMs = a.elapsedMs + b.elapsedMs;
  return {
    elapsedMs,
    requests: a.requests + b.requests,
    events: a.events + b.events,
    duplicates: a.duplicates + b.duplicates,
    rejected: a.rejected + b.rejected,
    failures,
    latency: Histogram.from(a.latency).add(b.latency).toJSON(),
    serverCpuPercent: elapsedMs > 0 ? (a.serverCpuPercent * a.elapsedMs + b.serverCpuPercent * b.elapsedMs) / elapsedMs : 0,
  };
}

const rate = (m: Measured) => (m.elapsedMs > 0 ? (m.events * 1000) / m.elapsedMs : null);
const summary = (m: Measured) => ({ ...m, latency: Histogram.from(m.latency).summary() });

function rows(one: Measured, three: Measured): Row[] {
  const at = (m: Measured, p: number) => Histogram.from(m.latency).percentile(p);
  const baseline = (value: number | null) => ({ label: '1 instance, 1 redis-server', value });
  const cpus = availableParallelism();
  return [
    { scenario: SCENARIO, figure: `events/s, POST batches of 100, ${INSTANCES} instances on a ${MASTERS}-master Cluster (+${MASTERS} replicas)`, unit: 'ev/s', value: rate(three), baseline: baseline(rate(one)), invalid: problems(three) ?? problems(one) },
    { scenario: SCENARIO, figure: `ack latency p50, ${INSTANCES} instances on the Cluster`, unit: 'ms', value: at(three, 50), baseline: baseline(at(one, 50)) },
    { scenario: SCENARIO, figure: `ack latency p99, ${INSTANCES} instances on the Cluster`, unit: 'ms', value: at(three, 99), baseline: baseline(at(one, 99)) },
    // 100 % = one core: on a machine with few cores the instances, the Redis nodes and the load share them, so more instances cannot scale.
    { scenario: SCENARIO, figure: `server CPU, all instances together (100 % = 1 core; this machine has ${cpus})`, unit: '%', value: three.serverCpuPercent, baseline: baseline(one.serverCpuPercent) },
  ];
}
