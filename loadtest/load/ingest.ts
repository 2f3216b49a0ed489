/**
 * The ingest load process: kept-alive connections posting to `/v1/events`, as fast as the
 * server answers (closed loop) or paced to a target rate. Modes: `batch` (NDJSON batches),
 * `single` (one event per request) and `healthz` (`GET /healthz`, the same server doing no
 * work: the baseline for single events).
 */
import { Histogram, type HistogramJson } from './histogram.js';
import { KeepAliveConnection, type HttpReply } from './http-client.js';
import { LineMaker } from './event-lines.js';
import { serveGenerator } from './protocol.js';

export interface IngestOptions {
  host: string;
  port: number;
  /** Several servers to drive at once: connection i goes to ports[i % ports.length] (instead of port). */
  ports?: number[];
  token: string;
  mode: 'batch' | 'single' | 'healthz';
  /** Events per request in `batch` mode. */
  batch: number;
  connections: number;
  /** Events (or requests, for healthz) per second over all connections; absent: as fast as possible. */
  rate?: number;
  /** Replies in the first warmupMs of the window are not counted. */
  warmupMs: number;
  tag: string;
  seed: number;
}

export interface IngestResult {
  elapsedMs: number;
  requests: number;
  /** Events the server accepted (for healthz: requests answered 200). */
  events: number;
  duplicates: number;
  rejected: number;
  /** Non-2xx answers and network errors, by status ("net" for no answer). */
  failures: Record<string, number>;
  latency: HistogramJson;
}

let options: IngestOptions;
let maker: LineMaker;
const connections: KeepAliveConnection[] = [];

serveGenerator<IngestOptions, { connections: number }, IngestResult>({
  async setup(o) {
    options = o;
    maker = new LineMaker(o.tag, o.seed);
    for (let i = 0; i < o.connections; i++) connections.push(await KeepAliveConnection.open(o.host, portOf(i)));
    return { connections: connections.length };
  },

  async measure(until) {
    const countFrom = performance.now() + options.warmupMs;
    let stoppedAt = Infinity;
    void until.then(() => (stoppedAt = performance.now()));
    const stopped = () => stoppedAt !== Infinity;
    const result: IngestResult = { elapsedMs: 0, requests: 0, events: 0, duplicates: 0, rejected: 0, failures: {}, latency: {} };
    const latency = new Histogram();
    const perRequest = options.mode === 'batch' ? options.batch : 1;
    const intervalMs = options.rate ? (options.connections * perRequest * 1000) / options.rate : 0;

    const loop = async (index: number) => {
      let next = performance.now() + (intervalMs * index) / options.connections;
      while (!stopped()) {
        if (intervalMs > 0) {
          const wait = next - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          next += intervalMs;
          if (stopped()) break;
        }
        const sentAt = performance.now();
        let reply: HttpReply | undefined;
        try {
          reply = await send(connections[index]!);
        } catch {
          connections[index] = await reconnect(index);
        }
        const now = performance.now();
        if (now < countFrom || now > stoppedAt) continue;
        result.requests++;
        latency.record(now - sentAt);
        tally(result, reply);
      }
    };
    await Promise.all(connections.map((_, i) => loop(i)));
    result.elapsedMs = stoppedAt - countFrom;
    result.latency = latency.toJSON();
    for (const c of connections) c.close();
    return result;
  },
});

function send(connection: KeepAliveConnection): Promise<HttpReply> {
  if (options.mode === 'healthz') return connection.request('GET', '/healthz');
  const { lines } = maker.batch(options.mode === 'batch' ? options.batch : 1);
  const headers = { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/x-ndjson' };
  return connection.request('POST', '/v1/events', headers, lines.join('\n'));
}

async function reconnect(index: number): Promise<KeepAliveConnection> {
  await new Promise((r) => setTimeout(r, 100));
  return KeepAliveConnection.open(options.host, portOf(index));
}

/** The port connection `index` talks to. */
function portOf(index: number): number {
  const ports = options.ports ?? [options.port];
  return ports[index % ports.length]!;
}

function tally(result: IngestResult, reply: HttpReply | undefined): void {
  if (!reply || reply.status >= 300) {
    const key = reply ? String(reply.status) : 'net';
    result.failures[key] = (result.failures[key] ?? 0) + 1;
    return;
  }
  if (options.mode === 'healthz') {
    result.events++;
    return;
  }
  const report = JSON.parse(reply.body) as { accepted: number; duplicates: number; rejectedCount: number };
  result.events += report.accepted;
  result.duplicates += report.duplicates;
  result.rejected += report.rejectedCount;
}
