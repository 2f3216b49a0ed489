import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectLive, type Connection } from '../src/lib/live/connection.js';
import { SILENT_RECONNECT_MS } from '../src/lib/live/selectors.js';
import { initialState, reduce, type LiveInput, type LiveState } from '../src/lib/live/reducer.js';
import { metrics, topology } from './fixtures.js';

// The real decoder, with each decode's promise kept so a test can wait for frames it expects dropped.
const { decoding } = vi.hoisted(() => ({ decoding: [] as Promise<unknown>[] }));
vi.mock('../src/lib/live/frame.js', async (importOriginal) => {
  const frame = await importOriginal<typeof import('../src/lib/live/frame.js')>();
  const decodeLiveFrame = (data: ArrayBuffer) => {
    const message = frame.decodeLiveFrame(data);
    decoding.push(message);
    return message;
  };
  return { ...frame, decodeLiveFrame };
});

/** A WebSocket double: the test opens, feeds and closes it by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  binaryType = 'blob';
  sent: string[] = [];
  closedWith: number | null = null;
  constructor(public url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closedWith = code;
  }
  // test side
  serverOpens() {
    this.onopen?.();
  }
  serverSends(m: unknown) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  /** A compressed frame (live/frame.ts): envelope, newline, raw DEFLATE of the body, in a fresh ArrayBuffer. */
  serverSendsFrame(envelope: unknown, body: unknown, deflated: Uint8Array = deflateRawSync(JSON.stringify(body))) {
    this.onmessage?.({ data: Uint8Array.from([...new TextEncoder().encode(JSON.stringify(envelope)), 0x0a, ...deflated]).buffer });
  }
  serverCloses(code: number) {
    this.onclose?.({ code, reason: '' });
  }
}
const last = () => FakeSocket.all.at(-1)!;
const received = () => inputs.flatMap((i) => (i.kind === 'received' ? [i.message] : []));
const snapshot = (seq: number) => ({ type: 'snapshot', seq, asOf: 0, scopes: { all: metrics('all') }, topology });

let state: LiveState;
let conn: Connection;
const inputs: LiveInput[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  inputs.length = 0;
  decoding.length = 0;
  state = initialState;
  conn = connectLive({
    url: () => 'ws://test/v1/live?token=t',
    dispatch: (i) => {
      inputs.push(i);
      return (state = reduce(state, i));
    },
    now: () => Date.now(),
    random: () => 0.5,
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
  });
});
afterEach(() => {
  conn.stop();
  vi.useRealTimers();
});

describe('connectLive', () => {
  it('opens at once and feeds messages to the reducer', () => {
    expect(FakeSocket.all).toHaveLength(1);
    last().serverOpens();
    last().serverSends(snapshot(1));
    expect(state.connection).toBe('open');
    expect(state.seq?.live).toBe(1);
  });

  it('ignores text that is not JSON', () => {
    last().serverOpens();
    last().onmessage?.({ data: 'not json' });
    expect(inputs.map((i) => i.kind)).toEqual(['connecting', 'open']);
  });

  it('reads binary frames as ArrayBuffers and dispatches a compressed frame as the merged message', async () => {
    expect(last().binaryType).toBe('arraybuffer');
    last().serverOpens();
    const { type, seq, ...body } = snapshot(1);
    last().serverSendsFrame({ type, seq }, body);
    await vi.waitFor(() => expect(received()).toEqual([snapshot(1)]));
    expect(state.seq?.live).toBe(1);
  });

  it('keeps arrival order: text behind a frame still decoding waits for it', async () => {
    last().serverOpens();
    last().serverSends(snapshot(1));
    last().serverSendsFrame({ type: 'delta', seq: 2, asOf: 0 }, { scopes: {} });
    last().serverSends({ type: 'delta', seq: 3, asOf: 0, scopes: {} });
    expect(received()).toHaveLength(1); // the text waits, though it parsed at once
    await vi.waitFor(() => expect(received()).toHaveLength(3));
    expect(received().map((m) => (m as { seq: number }).seq)).toEqual([1, 2, 3]);
    expect(last().sent).toEqual([]); // no gap seen, so no resync
    last().serverSends({ type: 'delta', seq: 4, asOf: 0, scopes: {} });
    expect(received()).toHaveLength(4); // the queue drained: text is dispatched at once again
  });

  it('skips a frame that does not decode; the next message arrives and its gap asks for a resync', async () => {
    last().serverOpens();
    last().serverSends(snapshot(1));
    last().serverSendsFrame({ type: 'delta', seq: 2, asOf: 0 }, null, Uint8Array.from([1, 2, 3, 4, 5]));
    last().serverSends({ type: 'delta', seq: 3, asOf: 0, scopes: {} });
    await vi.waitFor(() => expect(received()).toHaveLength(2));
    expect(received().map((m) => (m as { seq: number }).seq)).toEqual([1, 3]);
    expect(last().sent).toEqual(['{"type":"resync"}']);
  });

  it('drops a decoded frame whose socket was replaced meanwhile', async () => {
    last().serverOpens();
    last().serverSends(snapshot(1));
    last().serverSendsFrame({ type: 'delta', seq: 2, asOf: 0 }, { scopes: {} });
    last().serverCloses(1006);
    await Promise.allSettled(decoding);
    vi.advanceTimersByTime(1_000);
    last().serverOpens();
    // its decode settles on a later I/O callback, after the old frame's dispatch had its microtasks
    last().serverSendsFrame({ type: 'snapshot', seq: 7, asOf: 0 }, { scopes: { all: metrics('all') }, topology });
    await vi.waitFor(() => expect(received()).toHaveLength(2));
    expect(received().map((m) => (m as { seq: number }).seq)).toEqual([1, 7]);
  });

  it('reconnects with backoff 1 s, 2 s, 4 s … after closes, and resets after a snapshot', () => {
    last().serverCloses(1006); // attempt 1 failed
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    last().serverCloses(1006);
    vi.advanceTimersByTime(1_999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    last().serverOpens();
    last().serverSends(snapshot(1));
    last().serverCloses(1001); // server shutdown after being live: back to 1 s
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('never gives up: keeps retrying every 10 s', () => {
    for (let i = 0; i < 20; i++) {
      last().serverCloses(1006);
      vi.advanceTimersByTime(10_000);
    }
    expect(FakeSocket.all).toHaveLength(21);
  });

  it('sends a resync on a sequence gap, once, and again if unanswered', () => {
    last().serverOpens();
    last().serverSends(snapshot(1));
    last().serverSends({ type: 'delta', seq: 3, asOf: 0, scopes: {} });
    last().serverSends({ type: 'delta', seq: 4, asOf: 0, scopes: {} });
    expect(last().sent).toEqual(['{"type":"resync"}']);
    vi.advanceTimersByTime(5_000);
    expect(last().sent).toHaveLength(2);
    last().serverSends(snapshot(10));
    vi.advanceTimersByTime(5_000);
    expect(last().sent).toHaveLength(2);
  });

  it('keeps a quiet socket that pings, and replaces one that has gone silent', () => {
    last().serverOpens();
    last().serverSends(snapshot(1));
    vi.advanceTimersByTime(10_000);
    last().serverSends({ type: 'ping', seq: 2, asOf: 0 });
    vi.advanceTimersByTime(SILENT_RECONNECT_MS - 1_000);
    expect(FakeSocket.all[0]!.closedWith).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all[0]!.closedWith).toBe(4000);
    expect(state.connection).toBe('closed');
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('gives up on an attempt that does not open in 10 s', () => {
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all[0]!.closedWith).toBe(4000);
    expect(state.connection).toBe('closed');
  });

  it('stop closes the socket and schedules nothing more', () => {
    last().serverOpens();
    conn.stop();
    expect(last().closedWith).toBe(1000);
    last().serverCloses(1000);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
