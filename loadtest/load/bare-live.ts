/**
 * The fan-out ceiling: a bare uWS server with one topic that publishes, every tick, as many
 * messages as the server's deltas per client per tick (v2 sends one per topic that changed),
 * each of the server's mean delta size, and nothing else (no Redis, no metrics, no JSON).
 * Each socket gets one shared snapshot of the server's mean snapshot size on connect, paced
 * in fragments as the server paces it. The fleet connects to it exactly as to `/v1/live`, so the difference between the
 * two is what the server adds to uWS' own cost of pushing those bytes to those sockets.
 */
import uWS, { type TemplatedApp, type us_socket } from 'uWebSockets.js';
import { sendPaced, type Paced } from '../../server/stages/push/fragments.js';
import { Histogram, type HistogramJson } from './histogram.js';
import { serveGenerator } from './protocol.js';

export interface BareLiveOptions {
  /** Size of each published message in bytes. */
  messageBytes: number;
  /** Messages per tick, on average (a fraction carries over to the next tick). */
  messagesPerTick: number;
  /** Size of the message each socket gets on connect (the server sends a snapshot). */
  snapshotBytes: number;
  intervalMs: number;
}

export interface BareLiveResult {
  published: number;
  /** How long each tick's publish() calls held the event loop. */
  publishMs: HistogramJson;
}

const TOPIC = 'live';
let app: TemplatedApp;
let options: BareLiveOptions;

/** message makes a delta-shaped message (type and asOf first, as the fleet reads them) of about `bytes` bytes. */
function message(type: string, bytes: number, seq: number): string {
  return `{"type":"${type}","asOf":${Date.now()},"seq":${seq},"scopes":{"pad":"${'x'.repeat(Math.max(0, bytes - 70))}"}}`;
}

serveGenerator<BareLiveOptions, { port: number }, BareLiveResult>({
  async setup(o) {
    options = o;
    // One snapshot for all, as the server shares one per subscription, paced as the server paces it.
    const snapshot = Buffer.from(message('snapshot', o.snapshotBytes, 0));
    app = uWS.App().ws<{ snapshot?: Paced; closed?: boolean }>('/*', {
      maxBackpressure: 512 * 1024,
      maxPayloadLength: 4 * 1024,
      idleTimeout: 60,
      sendPingsAutomatically: true,
      open: (ws) => {
        const data = ws.getUserData();
        data.snapshot = { message: snapshot, at: 0 };
        // From the next turn, as the server: uWS corks the socket in its handlers (fragments.ts).
        setImmediate(() => {
          if (data.closed || !data.snapshot || !sendPaced(ws, data.snapshot)) return;
          data.snapshot = undefined;
          ws.subscribe(TOPIC);
        });
      },
      close: (ws) => {
        ws.getUserData().closed = true;
      },
      drain: (ws) => {
        const data = ws.getUserData();
        if (data.snapshot && sendPaced(ws, data.snapshot)) {
          data.snapshot = undefined;
          ws.subscribe(TOPIC);
        }
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(uWS.us_socket_local_port(socket as unknown as us_socket)) : reject(new Error('cannot listen')))),
    );
    return { port };
  },

  async measure(until) {
    const publishMs = new Histogram();
    let seq = 0;
    let due = 0;
    const timer = setInterval(() => {
      due += options.messagesPerTick;
      const start = performance.now();
      for (; due >= 1; due--) app.publish(TOPIC, message('delta', options.messageBytes, ++seq));
      publishMs.record(performance.now() - start);
    }, options.intervalMs);
    await until;
    clearInterval(timer);
    return { published: seq, publishMs: publishMs.toJSON() };
  },
});
