/**
 * The optional `ivr:` section: per centre, the IVR endpoint that receives our signed
 * `ivr.announce` webhooks (the same signing, retries and dead letters as the ACD's), the timeout
 * of one call, and `selfServiceUrl`, the link an IVR texts to callers offered self-service.
 * A centre without an endpoint gets no calls: its deliveries are recorded as skipped.
 */
import type { ConfigContext } from '../../../config/context.js';
import { httpUrl } from '../../../config/fields.js';
import { webhookEndpointsSchema, type WebhookEndpoints } from '../webhook/endpoints-config.js';

export interface IvrConfig extends WebhookEndpoints {
  /** What callers offered `self-service-sms` receive a link to; absent: plans cannot offer it. */
  selfServiceUrl?: string;
}

export function ivrSchema(ctx: ConfigContext) {
  return webhookEndpointsSchema(ctx, 'must be the http(s) URL of the centre’s IVR webhook endpoint', {
    selfServiceUrl: httpUrl('must be the http(s) URL of the self-service page callers are texted').optional(),
  });
}
