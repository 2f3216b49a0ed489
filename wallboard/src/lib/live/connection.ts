/**
 * connection keeps one live socket open for ever: it feeds every event into the reducer through
 * `dispatch`, asks for a resync when the reducer saw a sequence gap, and reconnects with backoff
 * (1 s doubling to 10 s) after any close — a server restart needs nobody to touch the screen.
 * A socket that stays open but silent for SILENT_RECONNECT_MS is replaced (a half-dead network).
 * Binary frames (the compressed encoding, frame.ts) decode asynchronously; while one is decoding,
 * later messages, text too, wait behind it, so the reducer sees them in arrival order and its seq
 * checks hold. A frame that fails to decode is skipped like unparsable text: the gap asks for a resync.
 */
import { backoffDelay } from './backoff.js';
import { decodeLiveFrame } from './frame.js';
import type { LiveInput, LiveState } from './reducer.js';
import { resyncDue, silentTooLong } from './selectors.js';

/** Give up on a connection attempt that has not opened after this long. */
export const CONNECT_TIMEOUT_MS = 10_000;
const WATCH_EVERY_MS = 1_000;
/** A binary frame that did not decode: nothing the reducer could use. */
const SKIP = Symbol('skip');

export interface ConnectionOptions {
  url: () => string;
  dispatch: (input: LiveInput) => LiveState;
  now?: () => number;
  random?: () => number;
  WebSocketImpl?: typeof WebSocket;
}

export interface Connection {
  stop(): void;
}

export function connectLive(opts: ConnectionOptions): Connection {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const WS = opts.WebSocketImpl ?? WebSocket;
  let socket: WebSocket | null = null;
  let openedAt = 0;
  let state: LiveState | null = null;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let connectTimer: ReturnType<typeof setTimeout> | undefined;

  const dispatch = (input: LiveInput): LiveState => (state = opts.dispatch(input));

  function open(): void {
    if (stopped) return;
    dispatch({ kind: 'connecting', at: now() });
    let ws: WebSocket;
    try {
      ws = new WS(opts.url());
    } catch {
      lost(1006, 'could not open socket');
      return;
    }
    socket = ws;
    ws.binaryType = 'arraybuffer'; // compressed frames (frame.ts) are read as bytes, not Blobs
    connectTimer = setTimeout(() => {
      if (socket === ws) drop(ws, 4000, 'connect timeout');
    }, CONNECT_TIMEOUT_MS);
    ws.onopen = () => {
      if (socket !== ws) return;
      clearTimeout(connectTimer);
      openedAt = now();
      dispatch({ kind: 'open', at: openedAt });
    };
    const receive = (message: unknown): void => {
      if (socket !== ws || message === SKIP) return;
      const next = dispatch({ kind: 'received', at: now(), message });
      if (resyncDue(next, now())) requestResync(ws);
    };
    // The messages behind a binary frame still decoding, dispatched in arrival order.
    let waiting = 0;
    let tail: Promise<void> = Promise.resolve();
    const enqueue = (message: Promise<unknown>): void => {
      waiting++;
      tail = tail
        .then(() => message)
        .then((m) => {
          waiting--;
          receive(m);
        })
        .catch((err: unknown) => {
          // a dispatch that threw: reported as from onmessage, and the tail stays resolved so later messages still flow
          queueMicrotask(() => {
            throw err;
          });
        });
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (socket !== ws) return;
      if (ev.data instanceof ArrayBuffer) {
        enqueue(decodeLiveFrame(ev.data).catch(() => SKIP));
        return;
      }
      if (typeof ev.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(ev.data);
      } catch {
        return; // not JSON: nothing the reducer could use
      }
      if (waiting > 0) enqueue(Promise.resolve(message));
      else receive(message);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (socket === ws) lost(ev.code, ev.reason);
    };
  }

  function requestResync(ws: WebSocket): void {
    try {
      ws.send(JSON.stringify({ type: 'resync' }));
      dispatch({ kind: 'resyncRequested', at: now() });
    } catch {
      // the socket is closing; the reconnect brings a fresh snapshot anyway
    }
  }

  /** drop closes a socket we no longer trust without waiting for its close handshake. */
  function drop(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
    if (socket === ws) lost(code, reason);
  }

  function lost(code: number, reason: string): void {
    clearTimeout(connectTimer);
    socket = null;
    const s = dispatch({ kind: 'closed', at: now(), code, reason });
    if (stopped) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, backoffDelay(s.attempt, random()));
  }

  const watch = setInterval(() => {
    const ws = socket;
    if (ws === null || state === null) return;
    const t = now();
    if (silentTooLong(state, t, openedAt)) drop(ws, 4000, 'silent');
    else if (resyncDue(state, t)) requestResync(ws);
  }, WATCH_EVERY_MS);

  open();

  return {
    stop() {
      stopped = true;
      clearInterval(watch);
      clearTimeout(retryTimer);
      clearTimeout(connectTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'page closed');
    },
  };
}
