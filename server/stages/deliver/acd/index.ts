/**
 * ACD webhooks: signed (Standard Webhooks), idempotent calls to each centre's ACD, one
 * attempt at a time, every delivery recorded, dead letters listed and retried.
 */
export { AcdClient, DeliveryError } from './acd-client.js';
export { type AcdConfig, type AcdEndpoint } from './config.js';
export { deliveryRoutes, type DeliveryRouteDeps } from './delivery-routes.js';
export { DELIVERY_STATUSES, DeliveryStore, type Delivery, type DeliveryAttempt, type DeliveryStatus } from './delivery-store.js';
export { ACD_EVENT_TYPES, webhookBody, type AcdEvent, type AcdEventType } from './event.js';
export { secretKey, signWebhook, verifyWebhook, webhookHeaders } from './signature.js';
export { isRetryable } from '../sms/retryable.js';
