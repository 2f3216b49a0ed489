/** smsRoutes serves `GET /v1/sms` (dispatcher and above): the newest SMS with their delivery status, numbers masked. */
import { atLeast } from '../../../platform/http/auth.js';
import { queryInt, type Route } from '../../../platform/http/request.js';
import type { SmsStore } from './sms-store.js';

export function smsRoutes(store: SmsStore): Route[] {
  return [['get', '/v1/sms', { roles: atLeast('dispatcher') }, async (ctx) => ({ body: { messages: await store.list(queryInt(ctx, 'limit', 100, 1, 1000)) } })]];
}
