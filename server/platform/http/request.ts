/**
 * withRequest adapts an async handler to uWS: it copies what it needs from the request
 * before any await, registers onAborted, checks the role and the rate limit, caps and
 * decodes the body, maps errors to status codes, and corks the reply.
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import type { Role } from '../../config/topology.js';
import type { Logger } from '../log/log.js';
import { redisTrouble } from '../redis/connect.js';
import { bearerToken, type Authenticator, type Principal } from './auth.js';
import { HttpError, STATUS_TEXT } from './errors.js';
import type { InFlight } from './in-flight.js';
import { limitKey, rateLimited, type RateLimits } from './rate-limit.js';

export interface RequestContext {
  method: string;
  url: string;
  query: URLSearchParams;
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
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

const HEADERS = ['authorization', 'content-type', 'content-length', 'accept', 'if-none-match', 'x-twilio-signature', 'x-amz-firehose-request-id', 'x-amz-firehose-access-key'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The state of one response: answered or aborted, and what to tell the in-flight count then. */
export interface ResponseState {
  aborted: boolean;
  inFlight?: InFlight;
  end?: () => void;
}

/**
 * `limits` are the app's limiters; without them (stage tests) a route's `rateLimit` is not enforced.
 * `inFlight` counts the request until it is answered or aborted (for an orderly shutdown).
 */
export function withRequest(auth: Authenticator, logger: Logger, options: RouteOptions, handler: Handler, limits?: RateLimits, inFlight?: InFlight) {
  return (res: HttpResponse, req: HttpRequest): void => {
    const state: ResponseState = { aborted: false, inFlight, end: inFlight?.begin() };
    res.onAborted(() => {
      state.aborted = true;
      state.end?.();
    });
    const headers: Record<string, string> = {};
    for (const name of HEADERS) headers[name] = req.getHeader(name);
    const query = new URLSearchParams(req.getQuery() ?? '');
    const ctx: RequestContext = { method: req.getMethod().toUpperCase(), url: req.getUrl(), query, headers, body: '' };

    const fail = (err: unknown) => send(res, state, errorReply(err, logger, ctx));
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
      if (options.maxBody === undefined) {
        Promise.resolve().then(() => handler(ctx)).then((reply) => send(res, state, reply), fail);
        return;
      }
      const max = options.maxBody;
      const declared = Number(headers['content-length'] || '0');
      if (declared > max) throw new HttpError(413, `body of ${declared} bytes is over the ${max}-byte limit`);
      const chunks: Buffer[] = [];
      let size = 0;
      res.onData((chunk, isLast) => {
        if (state.aborted || size > max) return;
        size += chunk.byteLength;
        if (size > max) return fail(new HttpError(413, `body is over the ${max}-byte limit`));
        chunks.push(Buffer.from(chunk.slice(0)));
        if (!isLast) return;
        try {
          ctx.body = utf8.decode(Buffer.concat(chunks, size));
        } catch {
          return fail(new HttpError(400, 'body is not valid UTF-8'));
        }
        Promise.resolve().then(() => handler(ctx)).then((reply) => send(res, state, reply), fail);
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

export function send(res: HttpResponse, state: ResponseState, reply: Reply): void {
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
    res.end(body, status === 413 || state.inFlight?.closing === true);
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
