/**
 * Event → screen latency: with 2,000 `/v1/live` clients connected and 20,000 events/s of
 * background traffic, the probe's events are timed from their 202 to the live message that
 * shows them. Baseline: the same probe on the same server with no other load or client
 * (what the 250 ms coalescing tick alone costs).
 */
import { removeKeys } from '../../../server/testkit/redis.js';
import type { FleetOptions, FleetReady, FleetResult } from '../../load/fleet.js';
import { Histogram } from '../../load/histogram.js';
import type { IngestOptions, IngestResult } from '../../load/ingest.js';
import type { ProbeOptions, ProbeResult } from '../../load/probe.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';
import { LoadProcess, measureWindow } from '../load-process.js';
import { CpuMeter } from '../proc-stats.js';
import { PROBE, TOKENS, type BenchServer } from '../server.js';
import type { Settings } from '../settings.js';
import type { Row } from '../table.js';

const SCENARIO = 'event → screen';
// The paced background traffic: 8 connections of 25 batches/s each make 20,000 events/s, with room
// for a slow answer without falling behind.
const INGEST_CONNECTIONS = 8;

export function probeOptions(server: BenchServer, intervalMs: number, tag: string, live: Settings['live']): ProbeOptions {
  return { host: '127.0.0.1', port: server.port, ingestToken: TOKENS.ingest, path: livePath(live), ...PROBE, intervalMs, tag };
}

/** livePath: a wall's live socket — v2 for the first hall (the demo's halls show every centre) compressed as the wallboard asks, v2 in JSON text, or v1. */
export function livePath(live: Settings['live']): string {
  if (live === 'v1') return `/v1/live?token=${TOKENS.display}`;
  return `/v2/live?token=${TOKENS.display}&hall=${live === 'v2' ? '&encoding=deflate' : ''}`;
}

export function fleetOptions(port: number, clients: number, path: string): FleetOptions {
  return { host: '127.0.0.1', port, path, clients, connectConcurrency: 50 };
}

export const screenScenario: Scenario = {
  name: 'screen',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { screen: s, warmupMs, ingest } = ctx.settings;
    const prefix = ctx.prefix('screen');
    const server = await ctx.startServer(prefix, 'screen');
    const started: LoadProcess[] = [];
    try {
      ctx.log(`probe alone for ${s.idleMs / 1000} s (baseline)`);
      const idle = await measureWindow<ProbeResult>('probe', probeOptions(server, s.probeIntervalMs, `${prefix}-idle`, ctx.settings.live), s.idleMs);

      ctx.log(`connecting ${s.clients} live clients, then ${s.rate.toLocaleString('en-US')} events/s for ${s.windowMs / 1000} s`);
      const fleet = await LoadProcess.start<FleetReady, FleetResult>('fleet', fleetOptions(server.port, s.clients, livePath(ctx.settings.live)));
      started.push(fleet.load);
      const traffic: IngestOptions = { host: '127.0.0.1', port: server.port, token: TOKENS.ingest, mode: 'batch', batch: ingest.batch, connections: INGEST_CONNECTIONS, rate: s.rate, warmupMs, tag: `${prefix}-bg`, seed: 2 };
      const background = await LoadProcess.start<unknown, IngestResult>('ingest', traffic);
      started.push(background.load);
      const probe = await LoadProcess.start<unknown, ProbeResult>('probe', probeOptions(server, s.probeIntervalMs, `${prefix}-load`, ctx.settings.live));
      started.push(probe.load);

      background.load.go();
      await new Promise((r) => setTimeout(r, warmupMs));
      const cpu = new CpuMeter(server.pid);
      fleet.load.go();
      probe.load.go(s.windowMs);
      const loaded = await probe.load.result(s.windowMs);
      const serverCpu = cpu.percent();
      fleet.load.stop();
      background.load.stop();
      const [clients, sent] = await Promise.all([fleet.load.result(0), background.load.result(0)]);
      return {
        rows: rows(s.rate, s.clients, idle, loaded, clients, fleet.ready, sent),
        details: { idle: probeSummary(idle), loaded: probeSummary(loaded), fleet: { ...fleet.ready, ...clients, delivery: Histogram.from(clients.delivery).summary() }, background: { ...sent, latency: Histogram.from(sent.latency).summary() }, serverCpuPercent: serverCpu },
      };
    } finally {
      for (const load of started) load.kill();
      await server.stop();
      await removeKeys(prefix, ctx.settings.redisUrl);
    }
  },
};

function rows(rate: number, clients: number, idle: ProbeResult, loaded: ProbeResult, fleet: FleetResult, ready: FleetReady, sent: IngestResult): Row[] {
  const achieved = sent.elapsedMs > 0 ? (sent.events * 1000) / sent.elapsedMs : 0;
  const failures = Object.values(sent.failures).reduce((a, b) => a + b, 0);
  const invalid =
    achieved < 0.95 * rate ? `load reached only ${Math.round(achieved)} ev/s`
    : ready.connected < clients ? `only ${ready.connected} clients connected`
    : failures > 0 ? `${failures} ingest requests failed`
    : loaded.unseen > 0 ? `${loaded.unseen} probe events never shown`
    : undefined;
  const at = `${(rate / 1000).toFixed(0)}k ev/s, ${clients.toLocaleString('en-US')} clients`;
  const screen = Histogram.from(loaded.screen);
  const quiet = Histogram.from(idle.screen);
  return [
    { scenario: SCENARIO, figure: `p50 at ${at}`, unit: 'ms', value: screen.percentile(50), baseline: { label: 'idle server, 1 client', value: quiet.percentile(50) }, invalid },
    { scenario: SCENARIO, figure: `p99 at ${at}`, unit: 'ms', value: screen.percentile(99), baseline: { label: 'idle server, 1 client', value: quiet.percentile(99) }, target: { on: 'value', op: '<=', limit: 300 }, invalid },
    { scenario: SCENARIO, figure: 'background ingest held', unit: 'ev/s', value: achieved, target: { on: 'value', op: '>=', limit: 0.95 * rate } },
    { scenario: SCENARIO, figure: `step → all ${clients.toLocaleString('en-US')} clients, p99`, unit: 'ms', value: Histogram.from(fleet.delivery).percentile(99), baseline: { label: 'step → idle probe', value: Histogram.from(idle.delivery).percentile(99) } },
  ];
}

function probeSummary(r: ProbeResult) {
  return { sent: r.sent, accepted: r.accepted, unseen: r.unseen, screen: Histogram.from(r.screen).summary(), delivery: Histogram.from(r.delivery).summary() };
}
