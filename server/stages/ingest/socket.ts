/**
 * attachEventSocket serves `/v1/events/ws` for bridges that stream. Each text message is a
 * batch (an event, an array, NDJSON, or `{"ref": …, "events": [...]}`) answered, in order,
 * by one `ack` with the same report as HTTP, or a `nack` with a status, as HTTP would answer:
 *
 *   400  the message is unusable (not UTF-8, not a batch, or no valid event in it: the
 *        report's reasons come with it): fix it
 *   429  the token's rate limit, or too much awaiting acks: wait `retryAfterSec`, then resend it
 *   503  Redis is unavailable or refuses writes for now (`reason`), or the server is shutting
 *        down: resend it after `retryAfterSec`
 *
 * On shutdown every message received is answered first, then the socket is closed with 1001.
 *
 * A bridge may send without waiting for acks, but not without bound: a message is kept
 * until it has been handled (each one waits for Redis), so once IN_FLIGHT_MESSAGES
 * full-size messages' worth await acks, further ones are refused at once instead of kept.
 * However fast a client writes, the memory it holds stays bounded.
 *
 * Replies are never dropped: a bridge that leaves more than `replyBufferBytes` of them unread
 * has its socket closed with 1013 (try again later) and a reason once it has read those it
 * has. Every ack it read came in order; any message after the last one must be resent (the
 * event ids make a resend harmless).
 */
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import { BodyError, checkBatchSize, MAX_DEPTH, tooDeep } from './decode.js';
import { bearerToken, type Authenticator, type Principal } from '../../platform/http/auth.js';
import { limitKey, refusalReason, type RateLimiter } from '../../platform/http/rate-limit.js';
import type { Logger } from '../../platform/log/log.js';
import { redisTrouble } from '../../platform/redis/connect.js';
import { nothingUsable, type Ingest, type IngestReport } from './accept.js';

export interface EventSocketOptions {
  /** The largest message (uWS closes the socket beyond it). */
  maxBytes: number;
  /** Replies left unread beyond this close the socket with 1013. */
  replyBufferBytes: number;
  /** The ingest limiter: each message counts as one request of the bridge's token, as on HTTP. */
  limiter: RateLimiter;
}

/** How many full-size messages a bridge may have awaiting acks. */
const IN_FLIGHT_MESSAGES = 4;

type Reply = Record<string, unknown>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Bridge {
  principal: Principal;
  /** Messages are handled one after another so acknowledgements come back in order. */
  queue: Promise<void>;
  received: number;
  /** Bytes of the messages received and not answered yet. */
  inFlight: number;
  /** Set on close: a reply finishing later must not touch the socket. */
  closed: boolean;
}

interface Envelope {
  ref?: unknown;
  events?: unknown;
}

/** The open event sockets, for an orderly shutdown. */
export interface EventSockets {
  /** drain refuses (503) messages from now on and resolves once every earlier one is answered. */
  drain(): Promise<void>;
  /** closeAll ends every socket with 1001 (going away). */
  closeAll(): void;
}

export function attachEventSocket(app: TemplatedApp, auth: Authenticator, ingest: Ingest, options: EventSocketOptions, logger: Logger): EventSockets {
  const inFlightLimit = IN_FLIGHT_MESSAGES * options.maxBytes;
  const sockets = new Set<WebSocket<Bridge>>();
  let closing = false;

  /** refusal says why a message is answered (429, or 503 on shutdown) without being handled, if it is. */
  const refusal = (bridge: Bridge, size: number): { status: number; error: string; retryAfterSec: number } | undefined => {
    if (closing) return { status: 503, error: 'server shutting down: resend this message, to another instance or after reconnecting', retryAfterSec: 1 };
    if (bridge.inFlight + size > inFlightLimit) {
      return { status: 429, error: `more than ${inFlightLimit} bytes of messages await acks: wait for them, then resend`, retryAfterSec: 1 };
    }
    const who = limitKey(bridge.principal);
    const verdict = options.limiter.take(who);
    return verdict.ok ? undefined : { status: 429, error: refusalReason(options.limiter, who, verdict.retryAfterSec), retryAfterSec: verdict.retryAfterSec };
  };

  app.ws<Bridge>('/v1/events/ws', {
    maxPayloadLength: options.maxBytes,
    // No uWS limit: it would drop replies, and the close frame too. answer() bounds the buffer.
    maxBackpressure: 0,
    idleTimeout: 120,
    sendPingsAutomatically: true,
    upgrade: (res, req, context) => {
      const principal = auth.identify(bearerToken(req.getHeader('authorization'), new URLSearchParams(req.getQuery() ?? '').get('token') ?? undefined));
      if (!principal || principal.role !== 'ingest') {
        res.writeStatus(principal ? '403 Forbidden' : '401 Unauthorized').end(principal ? 'needs role ingest' : 'missing or unknown token');
        return;
      }
      const bridge: Bridge = { principal, queue: Promise.resolve(), received: 0, inFlight: 0, closed: false };
      res.upgrade<Bridge>(bridge, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    message: (ws, message) => {
      const bridge = ws.getUserData();
      const seq = ++bridge.received;
      // A view of uWS's memory, valid during this call only.
      const bytes = Buffer.from(message);
      const size = bytes.length;
      const refused = refusal(bridge, size);
      if (refused) {
        // Answered without keeping the message, nor even decoding it unless it may name a ref.
        const ref = bytes.includes('"ref"') ? refOf(envelopeOf(bytes.toString('utf8').trimStart()), seq) : seq;
        answer(ws, logger, options, async () => ({ type: 'nack', ref, ...refused }));
        return;
      }
      let text: string;
      try {
        // Text and binary frames alike: HTTP refuses a body that is not UTF-8, so does the socket.
        text = utf8.decode(bytes);
      } catch {
        answer(ws, logger, options, async () => ({ type: 'nack', ref: seq, status: 400, error: 'message is not valid UTF-8' }));
        return;
      }
      bridge.inFlight += size;
      answer(ws, logger, options, async () => {
        try {
          return await handleMessage(ingest, text, seq, logger);
        } finally {
          bridge.inFlight -= size;
        }
      });
    },
    open: (ws) => {
      sockets.add(ws);
    },
    close: (ws) => {
      ws.getUserData().closed = true;
      sockets.delete(ws);
    },
  });

  return {
    async drain() {
      closing = true;
      await Promise.all([...sockets].map((ws) => ws.getUserData().queue));
    },
    closeAll() {
      for (const ws of [...sockets]) ws.end(1001, 'server shutting down');
    },
  };
}

/** answer queues a reply behind the socket's earlier ones; one the bridge has no room for closes the socket. */
function answer(ws: WebSocket<Bridge>, logger: Logger, options: EventSocketOptions, reply: () => Promise<Reply>): void {
  const bridge = ws.getUserData();
  bridge.queue = bridge.queue
    .then(async () => {
      const text = JSON.stringify(await reply());
      if (bridge.closed) return;
      if (ws.getBufferedAmount() <= options.replyBufferBytes) return void ws.send(text);
      // The close frame goes behind the replies already buffered: the bridge reads them all, then why.
      logger.warn({ bridge: bridge.principal.name, unread: ws.getBufferedAmount() }, 'event socket closed: acks left unread');
      ws.end(1013, `over ${options.replyBufferBytes} bytes of acks unread: read them, reconnect, resend the rest`);
    })
    // Never leave the chain rejected: every later message would go unanswered.
    .catch((err: unknown) => logger.error({ err }, 'event socket reply failed'));
}

async function handleMessage(ingest: Ingest, text: string, seq: number, logger: Logger): Promise<Reply> {
  const trimmed = text.trimStart();
  const envelope = envelopeOf(trimmed);
  const ref = refOf(envelope, seq);
  try {
    // The ref is echoed in the reply: one too deep to serialise would break it.
    if (envelope?.ref !== undefined && tooDeep(envelope.ref, MAX_DEPTH)) return { type: 'nack', ref, status: 400, error: `ref nests more than ${MAX_DEPTH} levels deep` };
    let report: IngestReport;
    if (Array.isArray(envelope?.events)) {
      checkBatchSize(envelope.events.length);
      report = await ingest.acceptValues(envelope.events);
    } else {
      const ndjson = !trimmed.startsWith('[') && trimmed.split('\n').filter((l) => l.trim()).length > 1;
      report = await ingest.acceptBody(text, ndjson);
    }
    return nothingUsable(report) ? { type: 'nack', ref, status: 400, error: 'no valid event in the batch', ...report } : { type: 'ack', ref, ...report };
  } catch (err) {
    if (err instanceof BodyError) return { type: 'nack', ref, status: 400, error: err.message };
    const trouble = redisTrouble(err);
    if (trouble) return { type: 'nack', ref, status: 503, error: `Redis cannot serve this now (${trouble.reason}); nothing was accepted, resend this message`, ...trouble };
    logger.error({ err }, 'event socket message failed');
    return { type: 'nack', ref, status: 500, error: 'internal error' };
  }
}

/** envelopeOf reads `{"ref": …, "events": [...]}`; anything else (an event, NDJSON that mentions "events") is left to decodeBatch. */
function envelopeOf(trimmed: string): Envelope | undefined {
  if (!trimmed.startsWith('{') || !trimmed.includes('"events"')) return undefined;
  try {
    return JSON.parse(trimmed) as Envelope;
  } catch {
    return undefined;
  }
}

/** refOf is what a reply names its message by: the envelope's ref, else (or when too deep to echo) the message's ordinal. */
function refOf(envelope: Envelope | undefined, seq: number): unknown {
  return envelope?.ref === undefined || tooDeep(envelope.ref, MAX_DEPTH) ? seq : envelope.ref;
}
