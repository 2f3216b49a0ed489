/**
 * The wallboard fleet: many `/v1/live` subscribers in one process, each like a hall
 * display that only listens. For every delta it records the delivery delay (arrival minus
 * the delta's `asOf`: the server's step, the bare publisher's tick; same machine, same clock), bytes (all, and of deltas alone), and snapshots resent to
 * sockets the server had to skip (it resends one when a lagging socket drains).
 */
import { Histogram, type HistogramJson } from './histogram.js';
import { peekLiveMessage } from './live-message.js';
import { serveGenerator } from './protocol.js';
import { RawLiveSocket } from './raw-live-socket.js';

export interface FleetOptions {
  host: string;
  port: number;
  /** /v1/live?token=… */
  path: string;
  clients: number;
  /** Handshakes in flight at once while connecting. */
  connectConcurrency: number;
}

export interface FleetReady {
  connected: number;
  failed: number;
  /** Mean size of the snapshot each socket got on connect. */
  snapshotBytes: number;
}

export interface FleetResult {
  connected: number;
  /** Sockets that closed during the window. */
  closed: number;
  deltas: number;
  snapshots: number;
  /** Every message's bytes (deltas, resent snapshots, levels, incidents…). */
  bytes: number;
  /** The deltas' bytes alone: their mean size is what the bare publisher sends. */
  deltaBytes: number;
  elapsedMs: number;
  delivery: HistogramJson;
}

const sockets: RawLiveSocket[] = [];
let snapshotBytes = 0;
let measuring = false;
const stats = { closed: 0, deltas: 0, snapshots: 0, bytes: 0, deltaBytes: 0, delivery: new Histogram() };

function onMessage(head: Buffer, length: number): void {
  if (!measuring) return;
  const arrived = Date.now();
  stats.bytes += length;
  const peek = peekLiveMessage(head);
  if (peek.type === 'snapshot') stats.snapshots++;
  if (peek.type !== 'delta' || peek.asOf === undefined) return;
  stats.deltas++;
  stats.deltaBytes += length;
  stats.delivery.record(arrived - peek.asOf);
}

/** connectOne resolves once the socket has its first message, the snapshot (the screen shows figures). */
function connectOne(o: FleetOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let first = true;
    RawLiveSocket.open(o.host, o.port, o.path, (head, length) => {
      if (!first) return onMessage(head, length);
      first = false;
      snapshotBytes += length;
      resolve(true);
    }).then((socket) => {
      sockets.push(socket);
      socket.onClose(() => measuring && stats.closed++);
    }, () => resolve(false));
  });
}

serveGenerator<FleetOptions, FleetReady, FleetResult>({
  async setup(o) {
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < o.clients) {
        next++;
        if (!(await connectOne(o))) failed++;
      }
    };
    await Promise.all(Array.from({ length: o.connectConcurrency }, worker));
    return { connected: sockets.length, failed, snapshotBytes: sockets.length > 0 ? Math.round(snapshotBytes / sockets.length) : 0 };
  },

  async measure(until) {
    const start = Date.now();
    measuring = true;
    await until;
    measuring = false;
    const result = { connected: sockets.length, closed: stats.closed, deltas: stats.deltas, snapshots: stats.snapshots, bytes: stats.bytes, deltaBytes: stats.deltaBytes, elapsedMs: Date.now() - start, delivery: stats.delivery.toJSON() };
    for (const socket of sockets) socket.close();
    return result;
  },
});
