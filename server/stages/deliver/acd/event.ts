/**
 * AcdEvent is what we tell a centre's ACD (a WebhookEvent of one of these types):
 *
 *   routing.changed  move a share of a queue's traffic (from, to with shares, queue/media, reason, expiry)
 *   seats.activate   start standby seats (count, seat type, people)
 *   seats.release    release them again
 */
import type { WebhookEvent } from '../webhook/event.js';

export { webhookBody } from '../webhook/event.js';

export const ACD_EVENT_TYPES = ['routing.changed', 'seats.activate', 'seats.release'] as const;
export type AcdEventType = (typeof ACD_EVENT_TYPES)[number];

export interface AcdEvent extends WebhookEvent {
  type: AcdEventType;
}
