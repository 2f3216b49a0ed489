/**
 * taskRouterCallback serves `POST /v1/adapters/twilio-taskrouter`, the workspace's
 * EventCallbackUrl. TaskRouter authenticates with `X-Twilio-Signature` (HMAC of the URL
 * and the form parameters with the account's auth token), so the route needs no bearer
 * token; a missing or wrong signature is a 403.
 */
import twilio from 'twilio';
import type { Config } from '../../../../config/types.js';
import { HttpError } from '../../../../platform/http/errors.js';
import type { Reply, RequestContext } from '../../../../platform/http/request.js';
import type { Ingest } from '../../accept.js';
import type { TaskRouterConfig } from '../config.js';
import { acceptTranslation } from '../report.js';
import { SOURCE, translateTaskRouter } from './translate.js';

/** The route, also the default path of the signed callback URL. */
export const TASKROUTER_PATH = '/v1/adapters/twilio-taskrouter';

const FORM = /^application\/x-www-form-urlencoded\b/i;

/** taskRouterCallback is the route handler (see above). */
export function taskRouterCallback(ingest: Ingest, config: Pick<Config, 'adapters' | 'server'>) {
  return async (ctx: RequestContext): Promise<Reply> => {
    const settings = config.adapters?.twilioTaskRouter;
    if (!settings) throw new HttpError(404, 'the Twilio TaskRouter adapter is not configured (adapters.twilioTaskRouter)');
    const type = ctx.headers['content-type'] ?? '';
    if (type && !FORM.test(type)) throw new HttpError(415, `content type "${type}" is not accepted: TaskRouter posts application/x-www-form-urlencoded`);
    const params = Object.fromEntries(new URLSearchParams(ctx.body));
    const signature = ctx.headers['x-twilio-signature'] ?? '';
    if (!signature) throw new HttpError(403, 'missing X-Twilio-Signature: only TaskRouter may post here');
    const url = signedUrl(settings, config.server.publicUrl, ctx.query);
    if (!twilio.validateRequest(settings.authToken, signature, url, params)) {
      throw new HttpError(403, `X-Twilio-Signature does not match: is the workspace's EventCallbackUrl exactly ${url}, and the auth token the account's?`);
    }
    if (!params.EventType) throw new HttpError(400, 'no EventType: not a TaskRouter event callback');
    return { status: 200, body: await acceptTranslation(ingest, translateTaskRouter(params, settings), SOURCE) };
  };
}

/** signedUrl is the URL Twilio signed: the configured callback URL (or ours), with the request's query. */
function signedUrl(settings: TaskRouterConfig, publicUrl: string, query: URLSearchParams): string {
  const base = settings.callbackUrl ?? `${publicUrl.replace(/\/+$/, '')}${TASKROUTER_PATH}`;
  const search = query.toString();
  return search && !base.includes('?') ? `${base}?${search}` : base;
}
