/**
 * Fan-out: 10,000 live clients (walls on `/v2/live`, or `/v1/live` with BENCH_LIVE=v1) on one server process, updates 4×/s (steady traffic
 * keeps every 250 ms tick busy). A probe client measures delivery (arrival minus the delta's
 * `asOf`: the instant of the step whose figures it carries, so the push coalescing is inside it), the fleet measures it on every socket, /proc gives CPU and RSS.
 *
 * Baselines: the probe with no other client (what one screen sees), and a bare uWS server
 * publishing messages of the server's mean delta size (delta bytes ÷ deltas: other messages
 * are not counted in it), as many per tick as the server's deltas per client, after the same
 * paced snapshot, to the same number of clients for the same window (uWS' and the
 * kernel's own cost of pushing those bytes: the ceiling for any server on this machine).
 */
import { removeKeys } from '../../../server/testkit/redis.js';
import type { BareLiveOptions, BareLiveResult } from '../../load/bare-live.js';
import type { FleetReady, FleetResult } from '../../load/fleet.js';
import { Histogram } from '../../load/histogram.js';
import type { IngestOptions } from '../../load/ingest.js';
import type { ProbeResult } from '../../load/probe.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';
import { LoadProcess } from '../load-process.js';
import { CpuMeter, RssWatch } from '../proc-stats.js';
import { TOKENS } from '../server.js';
import type { Row } from '../table.js';
import { fleetOptions, livePath, probeOptions } from './screen.js';

const SCENARIO = 'fan-out';
const MB = 2 ** 20;
const TICK_MS = 250;

type Fleet = LoadProcess<FleetResult>;

/** One measured window: the subject's CPU and peak RSS, the probe's (or publisher's) figures, the fleet's. */
interface Window<T> {
  cpuPercent: number;
  rssBytes: number;
  result: T;
  fleet?: FleetResult;
}

export const fanoutScenario: Scenario = {
  name: 'fanout',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const s = ctx.settings.fanout;
    const prefix = ctx.prefix('fanout');
    const server = await ctx.startServer(prefix, 'fanout');
    const started: LoadProcess[] = [];
    let idle: Window<ProbeResult>;
    let loaded: Window<ProbeResult>;
    let connected: number;
    let snapshotBytes: number;
    try {
      const traffic: IngestOptions = { host: '127.0.0.1', port: server.port, token: TOKENS.ingest, mode: 'batch', batch: 20, connections: 1, rate: s.eventRate, warmupMs: 0, tag: `${prefix}-bg`, seed: 3 };
      const background = await LoadProcess.start('ingest', traffic);
      started.push(background.load);
      background.load.go();

      ctx.log(`${s.eventRate} events/s; probe alone for ${s.idleMs / 1000} s (baseline)`);
      const idleProbe = await LoadProcess.start<unknown, ProbeResult>('probe', probeOptions(server, s.probeIntervalMs, `${prefix}-idle`, ctx.settings.live));
      idle = await measure(server.pid, s.idleMs, [], idleProbe.load);

      const fleet = await connectFleets(ctx, server.port, livePath(ctx.settings.live), s.clients, s.processes);
      const { fleets } = fleet;
      started.push(...fleets);
      ({ connected, snapshotBytes } = fleet);
      ctx.log(`${connected} connected; measuring for ${s.windowMs / 1000} s`);
      const probe = await LoadProcess.start<unknown, ProbeResult>('probe', probeOptions(server, s.probeIntervalMs, `${prefix}-load`, ctx.settings.live));
      loaded = await measure(server.pid, s.windowMs, fleets, probe.load);
    } finally {
      for (const load of started) load.kill();
      await server.stop();
      await removeKeys(prefix, ctx.settings.redisUrl);
    }

    const bare = await bareCeiling(ctx, loaded.fleet, snapshotBytes);
    return { rows: rows(s.clients, connected, idle, loaded, bare), details: { connected, snapshotBytes, idle: summary(idle), loaded: summary(loaded), bare: bare && summary(bare) } };
  },
};

/** bareCeiling runs the same fleet against a bare uWS publisher sending snapshots and deltas of the server's mean sizes. */
async function bareCeiling(ctx: BenchContext, serverFleet: FleetResult | undefined, snapshotBytes: number): Promise<Window<BareLiveResult> | undefined> {
  if (!serverFleet || serverFleet.deltas === 0) return undefined;
  const s = ctx.settings.fanout;
  const messageBytes = Math.round(serverFleet.deltaBytes / serverFleet.deltas);
  const messagesPerTick = (updatesPerClient(serverFleet) * TICK_MS) / 1000;
  ctx.log(`bare uWS publisher: ${snapshotBytes}-byte snapshots, ${messagesPerTick.toFixed(2)} messages of ${messageBytes} bytes every ${TICK_MS} ms, same number of clients`);
  const started: LoadProcess[] = [];
  try {
    const publisher = await LoadProcess.start<{ port: number }, BareLiveResult>('bare-live', { messageBytes, messagesPerTick, snapshotBytes, intervalMs: TICK_MS } satisfies BareLiveOptions);
    started.push(publisher.load);
    const { fleets } = await connectFleets(ctx, publisher.ready.port, '/', s.clients, s.processes);
    started.push(...fleets);
    // The same window as the server's loaded run, so rare slow ticks weigh the same in both p99s.
    return await measure(publisher.load.pid, s.windowMs, fleets, publisher.load);
  } finally {
    for (const load of started) load.kill();
  }
}

/** connectFleets spreads `clients` over `processes` fleet processes and waits until all have connected. */
async function connectFleets(ctx: BenchContext, port: number, path: string, clients: number, processes: number): Promise<{ fleets: Fleet[]; connected: number; snapshotBytes: number }> {
  ctx.log(`connecting ${clients.toLocaleString('en-US')} live clients from ${processes} processes`);
  const share = (i: number) => Math.floor(clients / processes) + (i < clients % processes ? 1 : 0);
  const settled = await Promise.allSettled(Array.from({ length: processes }, (_, i) => LoadProcess.start<FleetReady, FleetResult>('fleet', fleetOptions(port, share(i), path))));
  const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    for (const f of started) f.load.kill();
    throw failed.reason;
  }
  const connected = started.reduce((n, f) => n + f.ready.connected, 0);
  const snapshotBytes = Math.round(started.reduce((n, f) => n + f.ready.snapshotBytes * f.ready.connected, 0) / Math.max(connected, 1));
  return { fleets: started.map((f) => f.load), connected, snapshotBytes };
}

/** measure runs fleets and one more process (probe or publisher) for one window, with the CPU and peak RSS of `pid`. */
async function measure<T>(pid: number, windowMs: number, fleets: Fleet[], other: LoadProcess<T>): Promise<Window<T>> {
  const cpu = new CpuMeter(pid);
  const rss = new RssWatch(pid);
  for (const load of [other, ...fleets]) load.go(windowMs);
  const [result, fleetResults] = await Promise.all([other.result(windowMs), Promise.all(fleets.map((f) => f.result(windowMs)))]);
  return { cpuPercent: cpu.percent(), rssBytes: rss.stop(), result, ...(fleetResults.length > 0 ? { fleet: merge(fleetResults) } : {}) };
}

function merge(results: FleetResult[]): FleetResult {
  const delivery = new Histogram();
  for (const r of results) delivery.add(r.delivery);
  const sum = (key: 'connected' | 'closed' | 'deltas' | 'snapshots' | 'bytes' | 'deltaBytes') => results.reduce((n, r) => n + r[key], 0);
  return { connected: sum('connected'), closed: sum('closed'), deltas: sum('deltas'), snapshots: sum('snapshots'), bytes: sum('bytes'), deltaBytes: sum('deltaBytes'), elapsedMs: Math.max(...results.map((r) => r.elapsedMs)), delivery: delivery.toJSON() };
}

const updatesPerClient = (fleet?: FleetResult) => (fleet && fleet.connected > 0 ? fleet.deltas / fleet.connected / (fleet.elapsedMs / 1000) : 0);

function rows(clients: number, connected: number, idle: Window<ProbeResult>, loaded: Window<ProbeResult>, bare: Window<BareLiveResult> | undefined): Row[] {
  const fleet = loaded.fleet;
  const updates = updatesPerClient(fleet);
  const invalid = connected < clients ? `only ${connected} clients connected` : undefined;
  const probe = Histogram.from(loaded.result.delivery);
  const quiet = Histogram.from(idle.result.delivery);
  const all = (w?: Window<unknown>) => (w?.fleet ? Histogram.from(w.fleet.delivery).percentile(99) : null);
  const n = clients.toLocaleString('en-US');
  const bareLabel = 'bare uWS, same bytes & clients';
  return [
    { scenario: SCENARIO, figure: 'live clients connected', unit: 'clients', value: connected, target: { on: 'value', op: '>=', limit: clients } },
    { scenario: SCENARIO, figure: 'delta messages per client (4 ticks/s; v2: one per changed topic)', unit: '/s', value: updates, baseline: { label: bareLabel, value: updatesPerClient(bare?.fleet) } },
    { scenario: SCENARIO, figure: `delivery p50 (step → probe), ${n} clients`, unit: 'ms', value: probe.percentile(50), baseline: { label: 'probe alone', value: quiet.percentile(50) }, invalid },
    { scenario: SCENARIO, figure: `delivery p99 (step → probe), ${n} clients`, unit: 'ms', value: probe.percentile(99), baseline: { label: 'probe alone', value: quiet.percentile(99) }, target: { on: 'value', op: '<=', limit: 100 }, invalid },
    { scenario: SCENARIO, figure: `delivery p99 over all ${n} clients`, unit: 'ms', value: all(loaded), baseline: { label: bareLabel, value: all(bare) } },
    { scenario: SCENARIO, figure: 'server CPU (100 % = one core)', unit: '%', value: loaded.cpuPercent, baseline: { label: bareLabel, value: bare?.cpuPercent ?? null } },
    { scenario: SCENARIO, figure: 'server RSS, peak', unit: 'MB', value: loaded.rssBytes / MB, baseline: { label: bareLabel, value: bare ? bare.rssBytes / MB : null }, target: { on: 'value', op: '<=', limit: 400 } },
    { scenario: SCENARIO, figure: 'pushed to clients', unit: 'MB/s', value: fleet ? fleet.bytes / MB / (fleet.elapsedMs / 1000) : null, baseline: { label: bareLabel, value: bare?.fleet ? bare.fleet.bytes / MB / (bare.fleet.elapsedMs / 1000) : null } },
  ];
}

function summary(w: Window<ProbeResult | BareLiveResult>) {
  const { fleet, result } = w;
  const figures = 'screen' in result
    ? { probe: { sent: result.sent, delivery: Histogram.from(result.delivery).summary(), screen: Histogram.from(result.screen).summary() } }
    : { publisher: { published: result.published, publishMs: Histogram.from(result.publishMs).summary() } };
  return {
    cpuPercent: w.cpuPercent,
    rssMB: w.rssBytes / MB,
    ...figures,
    ...(fleet ? { fleet: { ...fleet, meanDeltaBytes: fleet.deltas ? Math.round(fleet.deltaBytes / fleet.deltas) : null, delivery: Histogram.from(fleet.delivery).summary() } } : {}),
  };
}
