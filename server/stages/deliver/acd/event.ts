/**
 * AcdEvent is what we tell a centre's ACD. The `id` is the idempotency key: it is the
 * `webhook-id` of every attempt, so an ACD that sees an id twice applies it once.
 *
 *   routing.changed  move a share of a queue's traffic (from, to with shares, queue/media, reason, expiry)
 *   seats.activate   start standby seats (count, seat type, people)
 *   seats.release    release them again
 */
export const ACD_EVENT_TYPES = ['routing.changed', 'seats.activate', 'seats.release'] as const;
export type AcdEventType = (typeof ACD_EVENT_TYPES)[number];

export interface AcdEvent {
  /** Stable across retries, e.g. `${incidentId}:${level}:${actionIndex}:activate`. */
  id: string;
  type: AcdEventType;
  /** Centre whose ACD receives it (its `acd.<centre>` endpoint). */
  centre: string;
  data: Record<string, unknown>;
}

/** webhookBody is the JSON an ACD receives: the same bytes on every attempt. */
export function webhookBody(event: AcdEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, centre: event.centre, data: event.data });
}
