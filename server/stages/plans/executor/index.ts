/**
 * createExecutor assembles the plan executor (DESIGN.md "Contingency plans"):
 *
 *   plan intent (committed to the outbox by a step) ─► OutboxRelay ─► BullMQ jobs (deterministic ids)
 *     action ─► notify: first tick ─► Twilio; later ticks in `notify` jobs   (repeat, escalate, stop on ACK)
 *            ─► activateSeats ─► seats.activate webhook + call-out SMS (`sms` jobs)
 *            ─► reroute ─► routing.changed webhook
 *            ─► banner ─► wallboards
 *            ─► announce ─► ivr.announce webhook (the IVR plays it, offers a callback or a self-service link)
 *            ─► remind ─► a `remind` job: SMS to a customer list, throttled, opt-outs skipped
 *     undo   ─► seats.release / routing restored / banner down / ivr.announce.end
 *     first SMS and webhook attempts are made in place; `sms` and `webhook` jobs hold the retries
 *     (backoff, then the next contact or a dead letter)
 */
import { ackBySms } from './inbound.js';
import { actionJob, undoJob } from './action-job.js';
import type { ExecutorDeps } from './deps.js';
import type { Handler, JobName } from './jobs.js';
import { notifyJob, onSmsStatus, smsJob, type Lock } from './notify-job.js';
import { webhookJob } from './webhook-job.js';
import { remindJob } from './remind-job.js';
import { optOutBySms } from './reminders.js';

export type { ExecutorDeps };

export function executorHandlers(deps: ExecutorDeps, lock: Lock): Record<JobName, Handler> {
  return {
    action: actionJob({ ...deps, lock }),
    undo: undoJob(deps),
    notify: notifyJob({ ...deps, lock }),
    sms: smsJob(deps),
    webhook: webhookJob(deps),
    remind: remindJob(deps),
  };
}

export { ackBySms, onSmsStatus, optOutBySms };
