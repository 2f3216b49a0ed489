/**
 * deliveryRoutes show ACD webhook deliveries and send dead letters again (dispatcher and above):
 *
 *   GET  /v1/deliveries?status=dead|failed|pending|delivered|skipped|all&limit=n
 *   POST /v1/deliveries/:id/retry  {"reason": "…"}  a dead letter goes back to pending and is queued again
 */
import type { Principal } from '../../../platform/http/auth.js';
import { atLeast } from '../../../platform/http/auth.js';
import { HttpError } from '../../../platform/http/errors.js';
import { queryInt, readJson, type Route } from '../../../platform/http/request.js';
import { DELIVERY_STATUSES, type DeliveryStatus, type DeliveryStore } from './delivery-store.js';

export interface DeliveryRouteDeps {
  store: DeliveryStore;
  /** Queue the delivery again; the caller audits it (who, why). */
  retry(id: string, request: { by: Principal; reason: string }): Promise<void>;
}

const FILTERS: readonly string[] = ['all', ...DELIVERY_STATUSES];
const MAX_REASON = 2000;

export function deliveryRoutes(deps: DeliveryRouteDeps): Route[] {
  const { store } = deps;
  return [
    ['get', '/v1/deliveries', { roles: atLeast('dispatcher') }, async (ctx) => {
      const status = ctx.query.get('status') ?? 'all';
      if (!FILTERS.includes(status)) throw new HttpError(400, `status must be one of ${FILTERS.join(', ')}`);
      const limit = queryInt(ctx, 'limit', 100, 1, 1000);
      return { body: { deliveries: await store.list({ status: status as DeliveryStatus | 'all', limit }) } };
    }],
    ['post', '/v1/deliveries/:id/retry', { roles: atLeast('dispatcher'), maxBody: 16 * 1024 }, async (ctx) => {
      const id = decodeURIComponent(ctx.url.split('/')[3] ?? '');
      const reason = readJson(ctx).reason;
      if (typeof reason !== 'string' || !reason.trim()) throw new HttpError(400, 'reason is required: say why');
      if (reason.length > MAX_REASON) throw new HttpError(400, `reason must be at most ${MAX_REASON} characters`);
      const delivery = await store.get(id);
      if (!delivery) throw new HttpError(404, `no delivery ${id}`);
      if (delivery.status !== 'dead') throw new HttpError(409, `delivery ${id} is ${delivery.status}: only dead letters can be retried`);
      await deps.retry(id, { by: ctx.principal!, reason: reason.trim() });
      // Only a delivery still dead moves back: the new job may already have recorded its attempt.
      await store.reopen(id);
      return { status: 202, body: { delivery: await store.get(id) } };
    }],
  ];
}
