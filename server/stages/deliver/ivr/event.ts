/**
 * IvrEvent is what we tell a centre's IVR (a WebhookEvent of one of these types):
 *
 *   ivr.announce      play an emergency announcement to callers of some queues (text in each
 *                     language), and offer them a callback, a self-service link by SMS, or nothing
 *   ivr.announce.end  stop it again (the level fell, the incident resolved)
 */
import type { WebhookEvent } from '../webhook/event.js';

export const IVR_EVENT_TYPES = ['ivr.announce', 'ivr.announce.end'] as const;
export type IvrEventType = (typeof IVR_EVENT_TYPES)[number];

export interface IvrEvent extends WebhookEvent {
  type: IvrEventType;
}

/** isIvrEvent: the IVR, not the ACD, receives this event. */
export const isIvrEvent = (event: Pick<WebhookEvent, 'type'>): boolean => event.type.startsWith('ivr.');
