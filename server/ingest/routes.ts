/** The ingest endpoints: `POST /v1/events` (JSON array or NDJSON) and the streaming `/v1/events/ws`. */
import type { TemplatedApp } from 'uWebSockets.js';
import { BodyError } from '../events/decode.js';
import type { Authenticator, Principal } from '../http/auth.js';
import { bearerToken } from '../http/auth.js';
import { HttpError } from '../http/errors.js';
import type { RequestContext, Reply } from '../http/request.js';
import type { Logger } from '../log.js';
import { isRedisUnavailable } from '../redis/connect.js';
import type { Ingest, IngestReport } from './accept.js';

const NDJSON = /^application\/(x-ndjson|ndjson|jsonl|x-jsonlines)\b/i;
const JSON_TYPE = /^(application\/json|text\/plain)\b/i;

/** postEvents answers 202 with the report; 400 when the body or every event in it is unusable. */
export function postEvents(ingest: Ingest) {
  return async (ctx: RequestContext): Promise<Reply> => {
    const type = ctx.headers['content-type'] ?? '';
    const ndjson = NDJSON.test(type);
    if (type && !ndjson && !JSON_TYPE.test(type)) {
      throw new HttpError(415, `content type "${type}" is not accepted: use application/json or application/x-ndjson`);
    }
    let report: IngestReport;
    try {
      report = await ingest.acceptBody(ctx.body, ndjson);
    } catch (err) {
      if (err instanceof BodyError) throw new HttpError(400, err.message);
      throw err;
    }
    const nothingUsable = report.accepted + report.duplicates === 0 && report.rejected.length > 0;
    return nothingUsable ? { status: 400, body: { error: 'no valid event in the batch', ...report } } : { status: 202, body: report };
  };
}

interface Bridge {
  principal: Principal;
  /** Messages are handled one after another so acknowledgements come back in order. */
  queue: Promise<void>;
  received: number;
  /** Set on close: a reply finishing later must not touch the socket. */
  closed: boolean;
}

/**
 * attachEventSocket serves `/v1/events/ws`: each text message is a batch (an event, an
 * array, NDJSON, or `{"ref": …, "events": [...]}`) answered by one `ack` with the same
 * report as HTTP, or a `nack` (status 503: retry the same message; 400: fix it).
 */
export function attachEventSocket(app: TemplatedApp, auth: Authenticator, ingest: Ingest, maxBytes: number, logger: Logger): void {
  app.ws<Bridge>('/v1/events/ws', {
    maxPayloadLength: maxBytes,
    idleTimeout: 120,
    sendPingsAutomatically: true,
    upgrade: (res, req, context) => {
      const principal = auth.identify(bearerToken(req.getHeader('authorization'), new URLSearchParams(req.getQuery() ?? '').get('token') ?? undefined));
      if (!principal || principal.role !== 'ingest') {
        res.writeStatus(principal ? '403 Forbidden' : '401 Unauthorized').end(principal ? 'needs role ingest' : 'missing or unknown token');
        return;
      }
      res.upgrade<Bridge>({ principal, queue: Promise.resolve(), received: 0, closed: false }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
    },
    message: (ws, message) => {
      const bridge = ws.getUserData();
      const seq = ++bridge.received;
      const text = Buffer.from(message).toString('utf8');
      bridge.queue = bridge.queue.then(async () => {
        const reply = await handleMessage(ingest, text, seq, logger);
        if (!bridge.closed) ws.send(JSON.stringify(reply));
      });
    },
    close: (ws) => {
      ws.getUserData().closed = true;
    },
  });
}

async function handleMessage(ingest: Ingest, text: string, seq: number, logger: Logger): Promise<Record<string, unknown>> {
  let ref: unknown = seq;
  try {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') && trimmed.includes('"events"')) {
      const envelope = JSON.parse(text) as { ref?: unknown; events?: unknown };
      if (envelope.ref !== undefined) ref = envelope.ref;
      if (Array.isArray(envelope.events)) return { type: 'ack', ref, ...(await ingest.acceptValues(envelope.events)) };
    }
    const ndjson = !trimmed.startsWith('[') && trimmed.split('\n').filter((l) => l.trim()).length > 1;
    return { type: 'ack', ref, ...(await ingest.acceptBody(text, ndjson)) };
  } catch (err) {
    if (err instanceof BodyError || err instanceof SyntaxError) return { type: 'nack', ref, status: 400, error: err.message };
    if (isRedisUnavailable(err)) return { type: 'nack', ref, status: 503, error: 'Redis is unavailable; nothing was accepted, resend this message' };
    logger.error({ err }, 'event socket message failed');
    return { type: 'nack', ref, status: 500, error: 'internal error' };
  }
}
