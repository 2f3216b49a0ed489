/**
 * Twilio webhooks (SMS callbacks, TaskRouter events), verified exactly as Twilio signs them —
 * the twilio SDK's validateRequest and validateRequestWithBody do the arithmetic:
 *
 *   form body  X-Twilio-Signature = base64 HMAC-SHA1(auth token, URL + each key, sorted, followed
 *              by each of its values, sorted): a key Twilio repeats is signed with every value
 *   JSON body  the URL carries `bodySHA256` (hex SHA-256 of the body) and the signature covers
 *              the URL alone
 *
 * The URL is the public one Twilio called (configured, since a proxy may stand between) with
 * the query exactly as received. admitTwilio runs on the headers, before the body is read:
 * no signature, one that cannot be an HMAC-SHA1, or a wrong one over a JSON body's URL is a
 * 403 at once. verifiedTwilioParams checks the rest once the body is in.
 */
// The webhooks module alone: the SDK's index loads its REST client too (about 0.15 s at every start).
import { validateBody, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { HttpError } from './errors.js';
import type { RequestContext } from './request.js';

const FORM = /^application\/x-www-form-urlencoded\b/i;
const JSON_TYPE = /^application\/json\b/i;
/** Base64 of the 20 bytes of an HMAC-SHA1. */
const SIGNATURE = /^[A-Za-z0-9+/]{27}=$/;

/** Where a webhook is served: the account's auth token and the public URL Twilio calls (any query in it is ignored). */
export interface TwilioEndpoint {
  authToken: string;
  url: string;
}

/** Form parameters as the signature covers them: a repeated key keeps every value. */
type SignedParams = Record<string, string | string[]>;

/** admitTwilio refuses, before the body is read, what cannot be a Twilio webhook to `endpoint`. */
export function admitTwilio(ctx: RequestContext, endpoint: TwilioEndpoint): undefined {
  const json = isJson(ctx);
  const type = ctx.headers['content-type'] ?? '';
  if (type && !json && !FORM.test(type)) {
    throw new HttpError(415, `content type "${type}" is not accepted: Twilio posts application/x-www-form-urlencoded (or JSON signed with bodySHA256)`);
  }
  const signature = ctx.headers['x-twilio-signature'] ?? '';
  if (!signature) throw new HttpError(403, 'missing X-Twilio-Signature: only Twilio may post here');
  if (!SIGNATURE.test(signature)) throw new HttpError(403, 'X-Twilio-Signature is not an HMAC-SHA1 in base64: only Twilio may post here');
  if (json) {
    if (!ctx.query.has('bodySHA256')) throw new HttpError(403, 'a JSON webhook must carry bodySHA256 in its URL: only Twilio may post here');
    if (!validateRequest(endpoint.authToken, signature, signedUrl(ctx, endpoint), {})) throw mismatch(ctx, endpoint);
  }
  return undefined;
}

/** verifiedTwilioParams returns the webhook's parameters (the last value of a repeated key) once the signature holds. */
export function verifiedTwilioParams(ctx: RequestContext, endpoint: TwilioEndpoint): Record<string, string> {
  admitTwilio(ctx, endpoint);
  const signature = ctx.headers['x-twilio-signature'] ?? '';
  if (isJson(ctx)) {
    if (!validateBody(ctx.body, ctx.query.get('bodySHA256') ?? '')) throw new HttpError(403, 'the body does not match the bodySHA256 Twilio signed');
    return jsonParams(ctx.body);
  }
  const form = new URLSearchParams(ctx.body);
  if (!validateRequest(endpoint.authToken, signature, signedUrl(ctx, endpoint), signedParams(form))) throw mismatch(ctx, endpoint);
  return Object.fromEntries(form);
}

function isJson(ctx: RequestContext): boolean {
  return JSON_TYPE.test(ctx.headers['content-type'] ?? '');
}

/** signedUrl is the public URL with the query as Twilio sent it (bodySHA256 included). */
function signedUrl(ctx: RequestContext, endpoint: TwilioEndpoint): string {
  const base = endpoint.url.split('?')[0]!;
  return ctx.search ? `${base}?${ctx.search}` : base;
}

/** signedParams groups a repeated key's values, which the SDK then signs sorted, as Twilio does. */
function signedParams(form: URLSearchParams): SignedParams {
  // No prototype: a key named __proto__ or constructor is just a key.
  const params: SignedParams = Object.create(null) as SignedParams;
  for (const [key, value] of form) {
    const seen = params[key];
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/** jsonParams reads a JSON webhook's top-level scalars as strings, as a form would carry them. */
function jsonParams(body: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new HttpError(400, `body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'a JSON webhook body must be an object');
  const scalars = Object.entries(value).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  return Object.fromEntries(scalars.map(([k, v]) => [k, String(v)]));
}

function mismatch(ctx: RequestContext, endpoint: TwilioEndpoint): HttpError {
  return new HttpError(403, `X-Twilio-Signature does not match: Twilio must call exactly ${signedUrl(ctx, endpoint)} and the auth token must be the account's`);
}
