/**
 * The latency probe: one screen and one CTI bridge in the same process (one clock). Every
 * `intervalMs` it posts a `contact.queued` to a queue no other traffic touches, so the k-th
 * accepted probe makes that queue's `waiting` reach k; the first live message showing it is
 * the event's effect on screen.
 *
 *   POST probe k ─► 202 (accepted at t₁) … live message with waiting ≥ k (at t₂)
 *   event → screen = t₂ − t₁;   delivery = arrival − the delta's `asOf` (its step's instant; the bare publisher's: its tick)
 */
import WebSocket from 'ws';
import { decodeFrame } from '../../server/stages/push/live-frame.js';
import { Histogram, type HistogramJson } from './histogram.js';
import { KeepAliveConnection } from './http-client.js';
import { serveGenerator } from './protocol.js';

export interface ProbeOptions {
  host: string;
  port: number;
  ingestToken: string;
  /** The live socket's path and query, token included. */
  path: string;
  centre: string;
  queue: string;
  intervalMs: number;
  tag: string;
}

export interface ProbeResult {
  sent: number;
  accepted: number;
  /** Accepted probes whose effect never reached the screen. */
  unseen: number;
  screen: HistogramJson;
  delivery: HistogramJson;
}

/** v1 deltas carry whole figures in `scopes`; v2 ones the changed fields in `patch` (and new scopes whole). */
type LiveMessage = { type: string; asOf?: number; scopes?: Record<string, { waiting: number }>; patch?: Record<string, { waiting?: number }> };

// After the window, how long the probe still waits for the effect of its last events.
const GRACE_MS = 2000;

let options: ProbeOptions;
let http: KeepAliveConnection;
let scope: string;
/** `waiting` of the probe queue when measuring began: probe k shows as base + k. */
let base: number | undefined;
let waiting = 0;
const acceptedAt: number[] = [];
const shownAt: number[] = [];
const delivery = new Histogram();
let measuring = false;

function onMessage(data: Buffer, isBinary: boolean): void {
  const now = performance.now();
  const arrived = Date.now();
  // Compressed frames (`encoding=deflate`, as the wallboard asks) are inflated: the probe reads `waiting`.
  const message = (isBinary ? decodeFrame(data) : JSON.parse(data.toString('utf8'))) as LiveMessage;
  if (measuring && message.type === 'delta' && message.asOf !== undefined) delivery.record(arrived - message.asOf);
  const shown = message.scopes?.[scope]?.waiting ?? message.patch?.[scope]?.waiting;
  if (shown === undefined) return;
  waiting = shown;
  if (base === undefined) return;
  while (shownAt.length < waiting - base) shownAt.push(now);
}

function connectScreen(): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${options.host}:${options.port}${options.path}`, { perMessageDeflate: false });
    ws.on('message', onMessage);
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
}

serveGenerator<ProbeOptions, { waiting: number }, ProbeResult>({
  async setup(o) {
    options = o;
    scope = `queue:${o.centre}/${o.queue}`;
    await connectScreen();
    http = await KeepAliveConnection.open(o.host, o.port);
    return { waiting };
  },

  async measure(until) {
    let stopped = false;
    // Deliveries count in the window only, as the fleet's do: in the grace below the probe's own events have stopped,
    // so pushes are no longer the steady traffic's (a slot's timer then carries the last commit's asOf).
    void until.then(() => {
      stopped = true;
      measuring = false;
    });
    base = waiting;
    shownAt.length = 0;
    measuring = true;
    let sent = 0;
    const headers = { Authorization: `Bearer ${options.ingestToken}`, 'Content-Type': 'application/x-ndjson' };
    while (!stopped) {
      const next = performance.now() + options.intervalMs;
      const id = `${options.tag}-${sent++}`;
      const event = { id, type: 'contact.queued', ts: Date.now(), centre: options.centre, contactId: id, queue: options.queue, media: 'voice' };
      const reply = await http.request('POST', '/v1/events', headers, JSON.stringify(event));
      if (reply.status === 202 && (JSON.parse(reply.body) as { accepted: number }).accepted === 1) acceptedAt.push(performance.now());
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    const graceEnd = performance.now() + GRACE_MS;
    while (shownAt.length < acceptedAt.length && performance.now() < graceEnd) await new Promise((r) => setTimeout(r, 20));
    const screen = new Histogram();
    acceptedAt.forEach((at, k) => {
      const shown = shownAt[k];
      // The screen can show a probe before its 202 is read when this process was busy: that is 0, not negative.
      if (shown !== undefined) screen.record(Math.max(0, shown - at));
    });
    http.close();
    return { sent, accepted: acceptedAt.length, unseen: acceptedAt.length - Math.min(shownAt.length, acceptedAt.length), screen: screen.toJSON(), delivery: delivery.toJSON() };
  },
});
