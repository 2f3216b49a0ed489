/**
 * The fan-out ceiling: a bare uWS server with one topic that publishes a message of the
 * same size as the server's deltas every tick, and nothing else (no Redis, no metrics, no
 * JSON). The fleet connects to it exactly as to `/v1/live`, so the difference between the
 * two is what the server adds to uWS' own cost of pushing those bytes to those sockets.
 */
import uWS, { type TemplatedApp, type us_socket } from 'uWebSockets.js';
import { Histogram, type HistogramJson } from './histogram.js';
import { serveGenerator } from './protocol.js';

export interface BareLiveOptions {
  /** Size of each published message in bytes. */
  messageBytes: number;
  /** Size of the message each socket gets on connect (the server sends a snapshot). */
  snapshotBytes: number;
  intervalMs: number;
}

export interface BareLiveResult {
  published: number;
  /** How long each publish() call held the event loop. */
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
    app = uWS.App().ws('/*', {
      maxBackpressure: 512 * 1024,
      maxPayloadLength: 4 * 1024,
      idleTimeout: 60,
      sendPingsAutomatically: true,
      open: (ws) => {
        ws.subscribe(TOPIC);
        // Made per socket, as the server serialises a snapshot per socket.
        ws.send(message('snapshot', options.snapshotBytes, 0));
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
    const timer = setInterval(() => {
      const text = message('delta', options.messageBytes, ++seq);
      const start = performance.now();
      app.publish(TOPIC, text);
      publishMs.record(performance.now() - start);
    }, options.intervalMs);
    await until;
    clearInterval(timer);
    return { published: seq, publishMs: publishMs.toJSON() };
  },
});
