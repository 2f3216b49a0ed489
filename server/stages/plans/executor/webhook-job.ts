/**
 * The ACD webhook job: one signed attempt per run; retried with backoff while the failure
 * is worth retrying; dead-lettered (and visible at /v1/deliveries) after the last attempt.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { isRetryable } from '../../deliver/sms/index.js';
import type { AcdClient, AcdEvent, DeliveryStore } from '../../deliver/acd/index.js';
import { isFinalAttempt, jobId, type JobQueue } from './jobs.js';

export interface WebhookDeps {
  queue: JobQueue;
  deliveries: DeliveryStore;
  client: AcdClient;
}

/** sendWebhook records the delivery as pending and queues it (once per event id). */
export async function sendWebhook(deps: Pick<WebhookDeps, 'queue' | 'deliveries'>, event: AcdEvent): Promise<void> {
  await deps.deliveries.track(event);
  await deps.queue.add('webhook', { deliveryId: event.id }, { jobId: jobId('webhook', event.id) });
}

/** retryWebhook gives a dead letter a fresh set of attempts. */
export async function retryWebhook(deps: Pick<WebhookDeps, 'queue'>, id: string, now: number): Promise<void> {
  await deps.queue.add('webhook', { deliveryId: id }, { jobId: jobId('webhook', id, 'retry', String(now)) });
}

export function webhookJob(deps: WebhookDeps) {
  return async (job: Job): Promise<void> => {
    const id = String(job.data.deliveryId);
    const delivery = await deps.deliveries.get(id);
    if (!delivery) throw new UnrecoverableError(`no delivery ${id}`);
    if (delivery.status === 'delivered' || delivery.status === 'skipped') return;
    try {
      await deps.client.deliver(delivery.event, delivery.attempts + 1);
    } catch (err) {
      if (isRetryable(err) && !isFinalAttempt(job)) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      await deps.deliveries.markDead(id, reason);
      throw new UnrecoverableError(reason);
    }
  };
}
