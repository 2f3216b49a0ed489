/**
 * deliveries: what became of the messages plans send — SMS through Twilio and ACD webhooks —
 * as the control screen and the incident report show them.
 */
import type { Delivery, DeliveryStatus, SmsRecord } from './api/types.js';
import type { Tone } from './tone.js';
import { t } from '../i18n/index.js';

const SMS_TONES: Record<string, Tone> = {
  delivered: 'good',
  read: 'good',
  undelivered: 'bad',
  failed: 'bad',
  canceled: 'muted',
  logged: 'muted',
};

/** smsTone: delivered is good, undelivered and failed are bad, anything on its way is plain. */
export const smsTone = (status: string): Tone => SMS_TONES[status] ?? 'plain';

/** smsStatusName: the status in words; `logged` is the demo's stand-in sender, which sends nothing. */
export const smsStatusName = (status: string): string => (t.smsStatus as Record<string, string>)[status] ?? status;

const DELIVERY_TONES: Record<DeliveryStatus, Tone> = { pending: 'plain', delivered: 'good', failed: 'warn', dead: 'bad', skipped: 'muted' };

export const deliveryTone = (status: DeliveryStatus): Tone => DELIVERY_TONES[status] ?? 'plain';
export const deliveryStatusName = (status: DeliveryStatus): string => (t.deliveryStatus as Record<string, string>)[status] ?? status;

/** retryPath: where a dead letter is sent again; ids hold `:`, so they are encoded. */
export const retryPath = (id: string): string => `/v1/deliveries/${encodeURIComponent(id)}/retry`;

/** deliveryIncident: the incident a webhook was about (every plan event names it in its data). */
export function deliveryIncident(d: Pick<Delivery, 'event'>): string | null {
  const id = d.event.data.incidentId;
  return typeof id === 'string' ? id : null;
}

/** ofIncident: the SMS and webhooks sent for one incident (the report). */
export const smsOfIncident = (messages: readonly SmsRecord[], incidentId: string): SmsRecord[] => messages.filter((m) => m.incidentId === incidentId);
export const deliveriesOfIncident = (deliveries: readonly Delivery[], incidentId: string): Delivery[] => deliveries.filter((d) => deliveryIncident(d) === incidentId);
