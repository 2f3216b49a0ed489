/**
 * The optional `acd:` section: per centre, the ACD endpoint that receives our signed webhooks
 * and its Standard Webhooks secret, and the timeout of one call (webhook/endpoints-config.ts).
 * A centre without an endpoint gets no calls: its deliveries are recorded as skipped.
 */
import type { ConfigContext } from '../../../config/context.js';
import { webhookEndpointsSchema, type WebhookEndpoint, type WebhookEndpoints } from '../webhook/endpoints-config.js';

export type AcdEndpoint = WebhookEndpoint;
export type AcdConfig = WebhookEndpoints;

/** acdSchema reads `acd:`: `timeoutMs`, and every other key a centre id with its endpoint. */
export function acdSchema(ctx: ConfigContext) {
  return webhookEndpointsSchema(ctx, 'must be the http(s) URL of the centre’s ACD webhook endpoint', {});
}
