/**
 * verifiedTwilioForm reads a Twilio webhook (form-encoded POST) and proves it came from
 * Twilio: `X-Twilio-Signature` is an HMAC of the public URL Twilio called and the POST
 * parameters, keyed with the account's auth token. Anything else is a 403.
 */
import twilio from 'twilio';
import { HttpError } from '../../../platform/http/errors.js';
import type { RequestContext } from '../../../platform/http/request.js';

const FORM = /^application\/x-www-form-urlencoded\b/i;

/** verifiedTwilioForm returns the POST parameters once the signature over `url` (plus the request's query) holds. */
export function verifiedTwilioForm(ctx: RequestContext, authToken: string, url: string): Record<string, string> {
  const type = ctx.headers['content-type'] ?? '';
  if (type && !FORM.test(type)) throw new HttpError(415, `content type "${type}" is not accepted: Twilio posts application/x-www-form-urlencoded`);
  const params = Object.fromEntries(new URLSearchParams(ctx.body));
  const signature = ctx.headers['x-twilio-signature'] ?? '';
  if (!signature) throw new HttpError(403, 'missing X-Twilio-Signature: only Twilio may post here');
  const search = ctx.query.toString();
  const signed = search ? `${url}?${search}` : url;
  if (!twilio.validateRequest(authToken, signature, signed, params)) {
    throw new HttpError(403, `X-Twilio-Signature does not match: Twilio must call exactly ${signed} (twilio.webhookBaseUrl or server.publicUrl) and twilio.authToken must be the account's`);
  }
  return params;
}
