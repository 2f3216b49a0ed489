/**
 * IVR webhooks: signed, idempotent `ivr.announce` calls to each centre's IVR, delivered, recorded,
 * retried and dead-lettered like the ACD's (the same DeliveryStore and /v1/deliveries).
 */
export { type IvrConfig } from './config.js';
export { IvrClient } from './ivr-client.js';
export { IVR_EVENT_TYPES, isIvrEvent, type IvrEvent, type IvrEventType } from './event.js';
