/**
 * The cost of WAIT acknowledgement (redis.ackReplicas, docs/operations.md "Sentinel and
 * acknowledged events"): ingest throughput and acknowledgement latency with ackReplicas 1
 * against ackReplicas 0, same run, same private master with one replica on this machine
 * (the replica's network hop is loopback, so a real deployment pays its round trip on top).
 */
import { waitUntil } from '../../../server/testkit/wait.js';
import { RedisProcess } from '../../../server/testkit/redis-process.js';
import { command } from '../../../server/testkit/sentinel-set.js';
import { Histogram } from '../../load/histogram.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';
import { BenchServer, TOKENS } from '../server.js';
import type { Row } from '../table.js';
import { measureIngest, problems, type Measured } from './ingest.js';

const SCENARIO = 'WAIT acknowledgement';

export const replicaAckScenario: Scenario = {
  name: 'replica-ack',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { ingest: s, warmupMs } = ctx.settings;
    ctx.log('a private master with one replica');
    const master = await RedisProcess.start({ persistent: false });
    const replica = await RedisProcess.start({ persistent: false, args: ['--replicaof', '127.0.0.1', String(master.port)] });
    try {
      await waitUntil(async () => /slave0:.*state=online/.test(await command<string>(master.port, ['INFO', 'replication'])), 'the replica to come online', 30_000);
      const measure = async (ackReplicas: number): Promise<Measured> => {
        const prefix = ctx.prefix(`ack-${ackReplicas}`);
        const server = await BenchServer.start({ prefix, redisUrl: master.url, config: [[['redis', 'ackReplicas'], ackReplicas]] });
        try {
          ctx.log(`POST /v1/events, batches of ${s.batch}, ${s.connections} connections, ackReplicas ${ackReplicas}, ${s.baselineMs / 1000} s`);
          const options = { host: '127.0.0.1', port: server.port, token: TOKENS.ingest, connections: s.connections, warmupMs, seed: 1, mode: 'batch' as const, batch: s.batch, tag: `${prefix}-b` };
          return await measureIngest(options, s.baselineMs, server.pid);
        } finally {
          await server.stop();
        }
      };
      const masterOnly = await measure(0);
      const waited = await measure(1);
      return { rows: rows(masterOnly, waited), details: { masterOnly: summary(masterOnly), waited: summary(waited) } };
    } finally {
      await Promise.allSettled([replica.destroy(), master.destroy()]);
    }
  },
};


const rate = (m: Measured) => (m.elapsedMs > 0 ? (m.events * 1000) / m.elapsedMs : null);
const summary = (m: Measured) => ({ ...m, latency: Histogram.from(m.latency).summary() });

function rows(masterOnly: Measured, waited: Measured): Row[] {
  const at = (m: Measured, p: number) => Histogram.from(m.latency).percentile(p);
  const invalid = problems(waited) ?? problems(masterOnly);
  return [
    { scenario: SCENARIO, figure: 'events/s, POST batches of 100, ackReplicas 1 (1 replica)', unit: 'ev/s', value: rate(waited), baseline: { label: 'ackReplicas 0, same master', value: rate(masterOnly) }, invalid },
    { scenario: SCENARIO, figure: 'ack latency p50, ackReplicas 1', unit: 'ms', value: at(waited, 50), baseline: { label: 'ackReplicas 0', value: at(masterOnly, 50) } },
    { scenario: SCENARIO, figure: 'ack latency p99, ackReplicas 1', unit: 'ms', value: at(waited, 99), baseline: { label: 'ackReplicas 0', value: at(masterOnly, 99) } },
  ];
}
