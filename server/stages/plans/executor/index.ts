/**
 * createExecutor assembles the plan executor (DESIGN.md "Contingency plans"):
 *
 *   plan intent (committed to the outbox by a step) ─► OutboxRelay ─► BullMQ jobs (deterministic ids)
 *     action ─► notify ─► notify ticks ─► sms ─► Twilio         (repeat, escalate, stop on ACK)
 *            ─► activateSeats ─► seats.activate webhook + call-out SMS
 *            ─► reroute ─► routing.changed webhook
 *            ─► banner ─► wallboards
 *     undo   ─► seats.release / routing restored / banner down
 *     webhook ─► ACD (signed; retried; dead-lettered)
 */
import { ackBySms } from './inbound.js';
import { actionJob, undoJob } from './action-job.js';
import type { ExecutorDeps } from './deps.js';
import type { Handler, JobName } from './jobs.js';
import { notifyJob, onSmsStatus, smsJob } from './notify-job.js';
import { webhookJob } from './webhook-job.js';

export type { ExecutorDeps };

export function executorHandlers(deps: ExecutorDeps, lock: (key: string, ms: number) => Promise<(() => Promise<void>) | undefined>): Record<JobName, Handler> {
  return {
    action: actionJob(deps),
    undo: undoJob(deps),
    notify: notifyJob({ ...deps, lock }),
    sms: smsJob(deps),
    webhook: webhookJob({ queue: deps.queue, deliveries: deps.deliveries, client: deps.acd }),
  };
}

export { ackBySms, onSmsStatus };
