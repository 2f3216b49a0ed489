/**
 * WebhookEvent is what we tell an external system through a signed webhook (a centre's ACD, its
 * IVR). The `id` is the idempotency key: it is the `webhook-id` of every attempt, so a receiver
 * that sees an id twice applies it once.
 */
export interface WebhookEvent {
  /** Stable across retries, e.g. `routing.<plan step key>`. */
  id: string;
  /** The event's type: `routing.changed`, `ivr.announce`…; it also says which system receives it. */
  type: string;
  /** Centre whose endpoint receives it. */
  centre: string;
  data: Record<string, unknown>;
}

/** webhookBody is the JSON a receiver gets: the same bytes on every attempt. */
export function webhookBody(event: WebhookEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, centre: event.centre, data: event.data });
}
