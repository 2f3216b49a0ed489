/**
 * taskRouterRoute serves `POST /v1/adapters/twilio-taskrouter`, the workspace's
 * EventCallbackUrl. TaskRouter authenticates with `X-Twilio-Signature` (HMAC of the URL
 * and the form parameters with the account's auth token), so the route needs no bearer
 * token; a missing or wrong signature is a 403, a missing one before the body is read.
 */
import type { Config } from '../../../../config/types.js';
import { HttpError } from '../../../../platform/http/errors.js';
import type { Reply, RequestContext, Route } from '../../../../platform/http/request.js';
import { admitTwilio, verifiedTwilioParams, type TwilioEndpoint } from '../../../../platform/http/twilio-webhook.js';
import type { Ingest } from '../../accept.js';
import type { TaskRouterConfig } from '../config.js';
import { acceptTranslation } from '../report.js';
import { SOURCE, translateTaskRouter } from './translate.js';

/** The route, also the default path of the signed callback URL. */
export const TASKROUTER_PATH = '/v1/adapters/twilio-taskrouter';

type Settings = Pick<Config, 'adapters' | 'server' | 'ingest'>;

/** taskRouterRoute is the route table line (see above). */
export function taskRouterRoute(ingest: Ingest, config: Settings): Route {
  return ['post', TASKROUTER_PATH, { maxBody: config.ingest.maxBodyBytes, admit: (ctx) => admitTwilio(ctx, endpoint(config)) }, async (ctx: RequestContext): Promise<Reply> => {
    const params = verifiedTwilioParams(ctx, endpoint(config));
    if (!params.EventType) throw new HttpError(400, 'no EventType: not a TaskRouter event callback');
    return { status: 200, body: await acceptTranslation(ingest, translateTaskRouter(params, configured(config)), SOURCE) };
  }];
}

/** endpoint is what TaskRouter signs with: the account's token and the configured callback URL (or ours). */
function endpoint(config: Settings): TwilioEndpoint {
  const settings = configured(config);
  return { authToken: settings.authToken, url: settings.callbackUrl ?? `${config.server.publicUrl.replace(/\/+$/, '')}${TASKROUTER_PATH}` };
}

function configured(config: Settings): TaskRouterConfig {
  const settings = config.adapters?.twilioTaskRouter;
  if (!settings) throw new HttpError(404, 'the Twilio TaskRouter adapter is not configured (adapters.twilioTaskRouter)');
  return settings;
}
