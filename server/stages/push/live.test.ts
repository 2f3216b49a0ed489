/**
 * LiveHub reads a new screen's snapshot asynchronously (uWS handlers are synchronous): what is
 * published meanwhile follows the snapshot in order with no seq gap, and a socket that closes
 * before the read returns is left alone. A snapshot larger than one fragment reaches a screen
 * that reads slowly as one whole message, with what was published while it went out after it.
 */
import { createHash } from 'node:crypto';
import uWS from 'uWebSockets.js';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Snapshot } from '../../pipeline/read-model.js';
import type { ScopeMetrics } from '../metrics/types.js';
import { Authenticator } from '../../platform/http/auth.js';
import { quietLogger, waitUntil } from '../../test/support/env.js';
import { TURN_BYTES } from './fragments.js';
import { LiveHub } from './live.js';
import { decodeFrame } from './live-frame.js';

const TOKEN = 'live-hub-test-token';
const config = { centres: [], metrics: { pushIntervalMs: 10, evaluateIntervalMs: 5 }, live: { resync: { perSec: 100, burst: 100 } } };
const snapshot: Snapshot = { asOf: 1, scopes: {}, latest: [{ type: 'levels', asOf: 1, levels: {} }] };

/** A snapshot read the test finishes by hand. */
function slowReads() {
  const pending: (() => void)[] = [];
  const read = () => new Promise<Snapshot>((resolve) => pending.push(() => resolve(snapshot)));
  return { read, pending };
}

/** serve attaches a hub to its own uWS app on a free port; `close` ends its sockets and stops listening. */
async function serve(hub: LiveHub, app = uWS.App()): Promise<{ port: number; close: () => void }> {
  hub.attach(app, new Authenticator([{ name: 'wall', role: 'display', sha256: createHash('sha256').update(TOKEN).digest('hex') }]));
  let listen: uWS.us_listen_socket | false = false;
  const port = await new Promise<number>((resolve) => app.listen('127.0.0.1', 0, (socket) => {
    listen = socket;
    resolve(uWS.us_socket_local_port(socket as unknown as uWS.us_socket));
  }));
  return {
    port,
    close: () => {
      hub.closeAll();
      if (listen) uWS.us_listen_socket_close(listen);
    },
  };
}

const reads = slowReads();
const hub = new LiveHub(config, reads.read, quietLogger());
const { port, close } = await serve(hub);
afterAll(close);

function connect(): Promise<{ ws: WebSocket; messages: { type: string; seq: number }[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/live?token=${TOKEN}`);
    const messages: { type: string; seq: number }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

describe('LiveHub snapshots', () => {
  it('sends what was published during the read right after the snapshot, in seq order', async () => {
    const { ws, messages } = await connect();
    await waitUntil(() => reads.pending.length === 1, 'the snapshot read to start');
    hub.broadcast({ type: 'incidents', asOf: 2, incidents: [] });
    hub.broadcast({ type: 'levels', asOf: 3, levels: { 'centre:x': 'red' } });
    reads.pending.shift()!();
    await waitUntil(() => messages.length >= 3, 'the snapshot and the two held messages');
    expect(messages.map((m) => m.type)).toEqual(['snapshot', 'incidents', 'levels']);
    expect(messages.map((m) => m.seq)).toEqual([messages[0]!.seq, messages[0]!.seq + 1, messages[0]!.seq + 2]);
    // Back on the topic: the next message follows on.
    hub.broadcast({ type: 'rules', asOf: 4 });
    await waitUntil(() => messages.length === 4, 'the next message');
    expect(messages[3]).toMatchObject({ type: 'rules', seq: messages[0]!.seq + 3 });
    ws.close();
  });

  it('leaves a socket alone that closed before its snapshot was read', async () => {
    const { ws } = await connect();
    await waitUntil(() => reads.pending.length === 1, 'the snapshot read to start');
    ws.close();
    await waitUntil(() => hub.clients === 0, 'the hub to see the close');
    reads.pending.shift()!(); // would throw inside uWS if the closed socket were touched
    hub.broadcast({ type: 'rules', asOf: 5 });
    const again = await connect();
    await waitUntil(() => reads.pending.length === 1, 'the next snapshot read');
    reads.pending.shift()!();
    await waitUntil(() => again.messages[0], 'a snapshot for the next screen');
    expect(again.messages[0]!.type).toBe('snapshot');
    again.ws.close();
  });
});

describe('LiveHub large snapshots', () => {
  it('sends a snapshot of many fragments whole to a slow reader, then what was published meanwhile, in seq order', async () => {
    // 8 MB: more than the loopback socket buffers take (4 MB to send), so the hub has to wait for drains.
    const scopes = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`queue:c/q${i}`, { scope: `queue:c/q${i}`, asOf: 1, note: 'x'.repeat(4_000) } as unknown as ScopeMetrics]));
    const finish: (() => void)[] = [];
    const big = new LiveHub(config, () => new Promise<Snapshot>((resolve) => finish.push(() => resolve({ asOf: 1, scopes, latest: [] }))), quietLogger());
    const served = await serve(big);
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/v1/live?token=${TOKEN}`);
    const messages: { type: string; seq: number; scopes?: Record<string, unknown> }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.pause();
    await waitUntil(() => finish.length === 1, 'the snapshot read to start');
    finish[0]!();
    await new Promise((resolve) => setImmediate(resolve)); // the read's callback has sent what the socket took
    big.broadcast({ type: 'incidents', asOf: 2, incidents: [] });
    big.broadcast({ type: 'levels', asOf: 3, levels: {} });
    ws.resume();
    await waitUntil(() => messages.length >= 3, 'the snapshot and the two messages published while it went out');
    expect(messages.map((m) => m.type)).toEqual(['snapshot', 'incidents', 'levels']);
    expect(Object.keys(messages[0]!.scopes!)).toHaveLength(2_000);
    expect(messages.map((m) => m.seq)).toEqual([messages[0]!.seq, messages[0]!.seq + 1, messages[0]!.seq + 2]);
    big.broadcast({ type: 'rules', asOf: 4 });
    await waitUntil(() => messages.length === 4, 'the next message, once back on the topic');
    expect(messages[3]).toMatchObject({ type: 'rules', seq: messages[0]!.seq + 3 });
    ws.close();
    served.close();
  });
});

describe('LiveHub delivery times', () => {
  it('tells one delta per coalesced push and one message per broadcast, pings left out', async () => {
    const told: { kind: string; seconds: number }[] = [];
    const timed = new LiveHub(config, reads.read, quietLogger(), (kind, seconds) => told.push({ kind, seconds }));
    timed.attach(uWS.App(), new Authenticator([]));
    const figures = { asOf: 1 } as ScopeMetrics;
    // The first commit goes at once (none was pushed before); the next two wait for the slot and go as one.
    timed.applyDelta({ asOf: 1, scopes: { 'centre:x': figures } });
    timed.applyDelta({ asOf: 2, scopes: { 'centre:y': { ...figures, asOf: 2 } } });
    timed.applyDelta({ asOf: 3, scopes: { 'centre:z': { ...figures, asOf: 3 } } });
    timed.broadcast({ type: 'levels', asOf: 4, levels: {} });
    await waitUntil(() => told.filter((t) => t.kind === 'delta').length === 2, 'the coalesced delta');
    await new Promise((r) => setTimeout(r, 50));
    timed.closeAll();
    expect(told.map((t) => t.kind)).toEqual(['delta', 'message', 'delta']);
    for (const { seconds } of told) expect(seconds).toBeGreaterThanOrEqual(0);
  });
});

describe('LiveHub rounds', () => {
  // uWS sends what one socket gets in one turn through a 16 KB shared buffer, and more through a buffer of the socket's own
  // that it never shrinks (fragments.ts): a push larger than TURN_BYTES goes out in rounds, one a turn.
  const scopes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`queue:c/q${i}`, { scope: `queue:c/q${i}`, asOf: 7, note: 'x'.repeat(3_000) } as unknown as ScopeMetrics]));

  /** publishedRounds records the bytes `app` publishes, a list a round (the calls of one turn). */
  function publishedRounds(app: uWS.TemplatedApp): number[][] {
    const rounds: number[][] = [];
    let open = false;
    const publish = app.publish.bind(app);
    app.publish = (topic, message, ...rest) => {
      if (!open) {
        open = true;
        rounds.push([]);
        queueMicrotask(() => (open = false)); // a round is published at once: the calls of one turn up to here
      }
      rounds.at(-1)!.push(typeof message === 'string' ? Buffer.byteLength(message) : (message as Buffer).length);
      return publish(topic, message, ...rest);
    };
    return rounds;
  }

  it('publishes a push larger than one turn in rounds of at most TURN_BYTES, each in its own turn', async () => {
    const app = uWS.App();
    const rounds = publishedRounds(app);
    const hub = new LiveHub(config, reads.read, quietLogger());
    hub.attach(app, new Authenticator([]));
    hub.applyDelta({ asOf: 7, scopes });
    await waitUntil(() => rounds.flat().reduce((a, b) => a + b, 0) > 30_000, 'every part of the push');
    hub.closeAll();
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    for (const round of rounds) expect(round.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TURN_BYTES);
  });

  it('sizes the rounds by the frames while every v2 socket takes them: a push three rounds long as text goes in one turn', async () => {
    const app = uWS.App();
    const rounds = publishedRounds(app);
    const packed = new LiveHub({ ...config, centres: [{ id: 'c', name: 'c', timezone: 'UTC', queues: [] }] as never }, async () => snapshot, quietLogger());
    const served = await serve(packed, app);
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/v2/live?token=${TOKEN}&encoding=deflate`);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data: Buffer, isBinary) => isBinary && frames.push(decodeFrame(data)));
    await waitUntil(() => frames.length === 1, 'the snapshot');
    rounds.length = 0;
    packed.applyDelta({ asOf: 7, scopes });
    const shown = () => Object.assign({}, ...frames.slice(1).map((m) => m.scopes)) as Record<string, { note: string }>;
    await waitUntil(() => Object.keys(shown()).length === 10, 'all ten scopes');
    expect(rounds).toHaveLength(1);
    expect(frames.slice(1).every((m) => m.type === 'delta' && m.asOf === 7)).toBe(true);
    expect(Object.values(shown()).every((s) => s.note.length === 3_000)).toBe(true);
    ws.close();
    served.close();
  });

  it('a screen gets such a push as deltas of the same asOf, split by scope, in seq order, adding up to every scope', async () => {
    const { ws, messages } = await connect();
    // The snapshot last built, or one read now.
    await waitUntil(() => (reads.pending.shift()?.(), messages[0]), 'the snapshot');
    hub.applyDelta({ asOf: 7, scopes });
    const deltas = () => messages.filter((m): m is typeof m & { asOf: number; scopes: Record<string, { note: string }> } => m.type === 'delta');
    await waitUntil(() => deltas().flatMap((m) => Object.keys(m.scopes)).length === 10, 'all ten scopes');
    expect(deltas().length).toBeGreaterThanOrEqual(3);
    expect(deltas().every((m) => m.asOf === 7)).toBe(true);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => messages[0]!.seq + i));
    const merged = Object.assign({}, ...deltas().map((m) => m.scopes)) as Record<string, { note: string }>;
    expect(Object.keys(merged).sort()).toEqual(Object.keys(scopes).sort());
    expect(Object.values(merged).every((s) => s.note.length === 3_000)).toBe(true);
    ws.close();
  });
});
