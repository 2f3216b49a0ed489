/**
 * Signed webhooks (ACD, IVR): the first signed attempt is made where the event arises (the plan step), so a
 * re-route reaches the ACD without a trip through the queue; a failure worth retrying hands the
 * remaining attempts to a `webhook` job, retried with backoff and dead-lettered (visible at
 * /v1/deliveries) after the last. A step re-run after a crash finds the delivery already made.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { isRetryable } from '../../deliver/sms/index.js';
import type { AcdClient, Delivery, DeliveryStatus, DeliveryStore } from '../../deliver/acd/index.js';
import { isIvrEvent, type IvrClient } from '../../deliver/ivr/index.js';
import type { WebhookEvent } from '../../deliver/webhook/event.js';
import { isFinalAttempt, jobId, type JobQueue } from './jobs.js';

export interface WebhookDeps {
  queue: JobQueue;
  deliveries: DeliveryStore;
  acd: AcdClient;
  ivr: IvrClient;
}

type Outcome = { outcome: 'delivered' } | { outcome: 'retry' | 'dead'; error: Error };

/** sendWebhook records the delivery as pending and makes its first attempt (once per event id). */
export async function sendWebhook(deps: WebhookDeps, event: WebhookEvent): Promise<void> {
  // Tracked and read in one round trip, as the path of a re-route's webhook: tracking only writes a new delivery, so a
  // read that Redis ran first (a script sent again after NOSCRIPT) finds the one there before, or none and reads again.
  const [, tracked] = await Promise.all([deps.deliveries.track(event), deps.deliveries.get(event.id)]);
  // A step re-run after a crash leaves a dead letter to the dispatcher's retry.
  const { outcome } = await attempt(deps, event.id, false, ['delivered', 'skipped', 'dead'], tracked);
  if (outcome === 'retry') await deps.queue.retryLater('webhook', { deliveryId: event.id }, { jobId: jobId('webhook', event.id) });
}

/** retryWebhook gives a dead letter a fresh set of attempts. */
export async function retryWebhook(deps: Pick<WebhookDeps, 'queue'>, id: string, now: number): Promise<void> {
  await deps.queue.add('webhook', { deliveryId: id }, { jobId: jobId('webhook', id, 'retry', String(now)) });
}

export function webhookJob(deps: WebhookDeps) {
  return async (job: Job): Promise<void> => {
    const id = String(job.data.deliveryId);
    // A dispatcher's retry queues its job before the dead letter reopens: the job does not wait for that.
    const result = await attempt(deps, id, isFinalAttempt(job), ['delivered', 'skipped']);
    if (result.outcome === 'retry') throw result.error;
    if (result.outcome === 'dead') throw new UnrecoverableError(result.error.message);
  };
}

/**
 * attempt makes one delivery attempt unless the delivery's status is one to `leave`; the last one (`final`) dead-letters a
 * failure. `read` is the delivery when the caller has just read it.
 */
async function attempt(deps: WebhookDeps, id: string, final: boolean, leave: DeliveryStatus[], read?: Delivery): Promise<Outcome> {
  const delivery = read ?? (await deps.deliveries.get(id));
  if (!delivery) throw new UnrecoverableError(`no delivery ${id}`);
  if (leave.includes(delivery.status)) return delivery.status === 'dead' ? { outcome: 'dead', error: new Error(delivery.lastError ?? 'dead letter') } : { outcome: 'delivered' };
  try {
    // The event's type says which system receives it.
    await (isIvrEvent(delivery.event) ? deps.ivr : deps.acd).deliver(delivery.event, delivery.attempts + 1);
    return { outcome: 'delivered' };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    if (isRetryable(err) && !final) return { outcome: 'retry', error };
    await deps.deliveries.markDead(id, error.message);
    return { outcome: 'dead', error };
  }
}
