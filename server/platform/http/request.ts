/**
 * withRequest adapts an async handler to uWS: it copies what it needs from the request
 * before any await, registers onAborted, checks the role, the rate limit and the route's own
 * header checks, and only then reads the body: capped per route (`maxBody`) and for the
 * whole instance (BodyBudget). It maps errors to status codes and corks the reply. A reply
 * sent before the body was read closes the connection, so a refused upload stops at once.
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import type { Role } from '../../config/topology.js';
import type { Logger } from '../log/log.js';
import { redisTrouble } from '../redis/connect.js';
import { bearerToken, type Authenticator, type Principal } from './auth.js';
import type { BodyBudget } from './body-budget.js';
import { HttpError, STATUS_TEXT } from './errors.js';
import type { InFlight } from './in-flight.js';
import { limitKey, rateLimited, type RateLimits } from './rate-limit.js';

export interface RequestContext {
  method: string;
  url: string;
  query: URLSearchParams;
  /** The query exactly as received, without `?` (what a signature over the URL covers). */
  search: string;
  headers: Record<string, string>;
  principal?: Principal;
  body: string;
}

export interface Reply {
  status?: number;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteOptions {
  /** Roles allowed; omit for a public route. */
  roles?: Role[];
  /** Read the body up to this many bytes (413 beyond). */
  maxBody?: number;
  /** Which limiter counts these requests (429 beyond): per token, or per client address without one. */
  rateLimit?: keyof RateLimits;
  /**
   * Checks the headers before any byte of the body is read: returns (or throws, as an
   * HttpError) the refusal, or nothing to go on. How routes that authenticate themselves
   * (vendor adapters, Twilio) turn away anonymous uploads without reading them.
   */
  admit?: (ctx: RequestContext) => Reply | undefined;
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

/** What every route shares: who is who, where errors go, and the instance's limits (stage tests may leave these out). */
export interface Edge {
  auth: Authenticator;
  logger: Logger;
  limits?: RateLimits;
  bodies?: BodyBudget;
  /** Counts requests until answered or aborted, for an orderly shutdown. */
  inFlight?: InFlight;
}

const HEADERS = ['authorization', 'content-type', 'content-length', 'transfer-encoding', 'accept', 'accept-encoding', 'if-none-match', 'x-twilio-signature', 'x-amz-firehose-request-id', 'x-amz-firehose-access-key'];
const utf8 = new TextDecoder('utf-8', { fatal: true });
/**
 * A body this small has arrived with its headers, or nearly: uWS skips it if nobody reads it
 * and the connection stays open for the next request. A larger unread one is cut off.
 */
const SMALL_BODY = 64 * 1024;

interface Exchange {
  /** Set once the reply is sent or the client went away: nothing more may touch `res`. */
  aborted: boolean;
  /** The request carries a large body nobody has read: replying closes the connection, which stops the upload. */
  unread: boolean;
  /** Bytes of the body budget this request holds. */
  held: number;
  /** The instance's count of requests in flight (an orderly shutdown waits for them), and this one's release from it. */
  inFlight?: InFlight;
  end?: () => void;
}

export function withRequest(edge: Edge, options: RouteOptions, handler: Handler) {
  const { auth, logger, limits, bodies, inFlight } = edge;
  return (res: HttpResponse, req: HttpRequest): void => {
    const headers: Record<string, string> = {};
    for (const name of HEADERS) headers[name] = req.getHeader(name);
    const length = Number(headers['content-length'] || '0');
    const state: Exchange = { aborted: false, unread: length > SMALL_BODY || headers['transfer-encoding'] !== '', held: 0, inFlight, end: inFlight?.begin() };
    const release = () => {
      bodies?.give(state.held);
      state.held = 0;
    };
    res.onAborted(() => {
      state.aborted = true;
      state.end?.();
      release();
    });
    const search = req.getQuery() ?? '';
    const query = new URLSearchParams(search);
    const ctx: RequestContext = { method: req.getMethod().toUpperCase(), url: req.getUrl(), query, search, headers, body: '' };

    const reply = (answer: Reply) => {
      send(res, state, answer);
      release();
    };
    const fail = (err: unknown) => reply(errorReply(err, logger, ctx));
    const run = () => Promise.resolve().then(() => handler(ctx)).then(reply, fail);
    try {
      if (options.roles) {
        const principal = auth.identify(bearerToken(headers.authorization ?? '', query.get('token') ?? undefined));
        if (!principal) throw new HttpError(401, 'missing or unknown bearer token (Authorization: Bearer <token>)');
        if (!options.roles.includes(principal.role)) {
          throw new HttpError(403, `role "${principal.role}" may not do this; needs one of ${options.roles.join(', ')}`);
        }
        ctx.principal = principal;
      }
      if (options.rateLimit && limits) {
        const who = ctx.principal ? limitKey(ctx.principal) : `address ${Buffer.from(res.getRemoteAddressAsText()).toString()}`;
        const verdict = limits[options.rateLimit].take(who);
        if (!verdict.ok) throw rateLimited(limits[options.rateLimit], who, verdict.retryAfterSec);
      }
      const refusal = options.admit?.(ctx);
      if (refusal) return reply(refusal);
      if (options.maxBody === undefined) return void run();
      const max = options.maxBody;
      if (length > max) throw new HttpError(413, `body of ${length} bytes is over the ${max}-byte limit`);
      // Hold what the request says it will send before reading any of it; a body without a
      // length (chunked) holds its bytes as they come.
      const hold = (bytes: number) => {
        if (!bodies || bytes <= state.held) return;
        if (!bodies.take(bytes - state.held)) throw new HttpError(503, `the server holds ${bodies.limit} bytes of request bodies at most (limits.bodyBytesInFlight) and is full: retry`, { 'Retry-After': '1' });
        state.held = bytes;
      };
      hold(length);
      const chunks: Buffer[] = [];
      let size = 0;
      res.onData((chunk, isLast) => {
        if (state.aborted) return;
        size += chunk.byteLength;
        try {
          if (size > max) throw new HttpError(413, `body is over the ${max}-byte limit`);
          hold(size);
        } catch (err) {
          return fail(err);
        }
        chunks.push(Buffer.from(chunk.slice(0)));
        if (!isLast) return;
        state.unread = false;
        try {
          ctx.body = utf8.decode(Buffer.concat(chunks, size));
        } catch {
          return fail(new HttpError(400, 'body is not valid UTF-8'));
        }
        chunks.length = 0;
        void run();
      });
    } catch (err) {
      fail(err);
    }
  };
}

function errorReply(err: unknown, logger: Logger, ctx: RequestContext): Reply {
  if (err instanceof HttpError) return { status: err.status, body: { ...err.details, error: err.message }, headers: err.headers };
  // Only decodeURIComponent on a request's path throws this: a malformed %-escape is the client's mistake.
  if (err instanceof URIError) return { status: 400, body: { error: `the URL is not valid: ${err.message}` } };
  // Redis away or refusing for now (out of memory, read-only…): the client retries; nothing to log per request.
  const trouble = redisTrouble(err);
  if (trouble) {
    const body = { error: `Redis cannot serve this now (${trouble.reason}); nothing was accepted, retry later`, reason: trouble.reason };
    return { status: 503, body, headers: { 'Retry-After': String(trouble.retryAfterSec) } };
  }
  logger.error({ err, url: ctx.url }, 'request failed');
  return { status: 500, body: { error: 'internal error' } };
}

export function send(res: HttpResponse, state: Pick<Exchange, 'aborted' | 'unread' | 'inFlight' | 'end'>, reply: Reply): void {
  if (state.aborted) return;
  state.aborted = true;
  state.end?.();
  const status = reply.status ?? 200;
  const isJson = reply.body !== undefined && typeof reply.body !== 'string' && !Buffer.isBuffer(reply.body);
  const body = reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : (reply.body as string | Buffer);
  res.cork(() => {
    res.writeStatus(STATUS_TEXT[status] ?? String(status));
    if (reply.body !== undefined) res.writeHeader('Content-Type', reply.contentType ?? (isJson ? 'application/json' : 'text/plain; charset=utf-8'));
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.writeHeader(k, v);
    // A request whose body we refused to read leaves unread bytes on the connection: close it.
    // So does every answer during a shutdown, so keep-alive clients go elsewhere.
    res.end(body, state.unread || state.inFlight?.closing === true);
  });
}

/** A route table line: method, uWS pattern, options, handler. */
export type Route = ['get' | 'post', string, RouteOptions, Handler];

/** readJson parses a JSON object body or answers 400 saying why. */
export function readJson(ctx: RequestContext): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(ctx.body || '{}');
  } catch (err) {
    throw new HttpError(400, `body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'body must be a JSON object');
  return value as Record<string, unknown>;
}

/** queryInt reads a whole-number query parameter, or answers 400 naming its range. */
export function queryInt(ctx: RequestContext, name: string, fallback: number, min: number, max: number): number {
  const raw = ctx.query.get(name);
  const n = raw === null ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`);
  return n;
}
