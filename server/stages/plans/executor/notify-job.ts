/**
 * Alerts by SMS until someone acknowledges:
 *
 *   notify tick ─► nextNotification ─► send (an `sms` job) ─► next tick when the repeat/escalation is due
 *   sms job ─► already sent under this ref? skip : Twilio ─► record the sid
 *   undelivered (after the last retry, or a Twilio status callback) ─► mark it, tick now ─► next contact
 *
 * A tick enqueues the SMS before recording it, with an id fixed by (step, contact, attempt):
 * a tick that crashes in between and runs again enqueues the same job, not a second SMS. An SMS
 * job claims its ref before calling Twilio, so a job re-run after its worker died mid-send
 * does not send again.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { maskPhone } from '../../../platform/log/log.js';
import { isRetryable } from '../../deliver/sms/index.js';
import { ackCode, groupContacts, inForce, nextNotification, renderSms } from '../index.js';
import { templateFor } from '../templates.js';
import { levelRank, type Level } from '../../rules/index.js';
import { scopeOf, type ExecutorDeps } from './deps.js';
import { isFinalAttempt, jobId } from './jobs.js';
import { parseSmsRef, smsRef } from './notifications.js';

const LOCK_MS = 10_000;

export function notifyJob(deps: ExecutorDeps & { lock: (key: string, ms: number) => Promise<(() => Promise<void>) | undefined> }) {
  return async (job: Job): Promise<void> => {
    const key = String(job.data.key);
    // One tick at a time per notification: an early tick (undelivered) may meet a scheduled one.
    const unlock = await deps.lock(`notify:${key}`, LOCK_MS);
    if (!unlock) throw new Error('another tick of this notification is running; retrying');
    try {
      await tick(deps, key);
    } finally {
      await unlock();
    }
  };
}

async function tick(deps: ExecutorDeps, key: string): Promise<void> {
  const n = await deps.notifications.get(key);
  if (!n || n.done) return;
  const now = deps.clock();
  const incident = await deps.incidents.get(n.incidentId);
  const stop = (reason: string) => deps.notifications.put({ ...n, done: reason });
  if (!incident || incident.state === 'resolved') return stop('the incident is resolved');
  if (levelRank(inForce(incident)) < levelRank(n.level as Level)) return stop(`the level fell below ${n.level}`);
  if (incident.acknowledged && n.state.acknowledgedAt === null) n.state.acknowledgedAt = incident.acknowledged.at;

  const next = nextNotification(n.state, now, deps.config.notify, groupContacts(deps.config, n.group));
  if (next.kind === 'done') return stop(next.reason);
  const silence = next.kind === 'send' ? await deps.silences.silencing(scopeOf(incident), now) : undefined;
  if (silence) {
    // Muted, not dropped: look again when the silence ends.
    deps.logger.info({ incident: n.incidentId, step: key, silence: silence.id, until: silence.until }, 'alert held by a silence');
    await deps.queue.add('notify', { key }, { jobId: jobId('notify', key, 'silenced', String(silence.until)), delay: Math.max(0, silence.until - now) });
    return;
  }
  if (next.kind === 'wait') {
    await deps.queue.add('notify', { key }, { jobId: jobId('notify', key, String(next.until)), delay: Math.max(0, next.until - now) });
    return;
  }
  const ref = smsRef(key, next.contact.id, next.attempt);
  await deps.queue.add('sms', { ref, contactId: next.contact.id, incidentId: n.incidentId, level: n.level, template: n.template, group: n.group }, { jobId: jobId('sms', ref) });
  n.state.sent.push({ contactId: next.contact.id, at: now });
  await deps.notifications.put(n);
  deps.logger.info({ incident: n.incidentId, step: key, contact: next.contact.id, attempt: next.attempt }, 'alert SMS queued');
  // What comes after this one (a repeat, or the next contact) is decided by the next tick.
  const after = nextNotification(n.state, now, deps.config.notify, groupContacts(deps.config, n.group));
  if (after.kind === 'wait') await deps.queue.add('notify', { key }, { jobId: jobId('notify', key, String(after.until)), delay: Math.max(0, after.until - now) });
}

export function smsJob(deps: ExecutorDeps) {
  return async (job: Job): Promise<void> => {
    // `group`: the escalation group or standby roster the contact was reached through (older jobs lack it).
    const { ref, contactId, incidentId, level, template, group } = job.data as { ref: string; contactId: string; incidentId: string; level: Level; template: string; group?: string };
    if (await deps.smsStore.sidForRef(ref)) return; // sent before a crash: never twice
    const contact = deps.config.contacts.find((c) => c.id === contactId);
    const incident = await deps.incidents.get(incidentId);
    // In the group's language, else the config's.
    const locale = (group !== undefined ? deps.config.groupLocales[group] : undefined) ?? deps.config.locale;
    const text = templateFor(deps.config.plans.templates, template, locale);
    if (!contact || !incident || text === undefined) throw new UnrecoverableError(`cannot send ${ref}: unknown contact, incident or template`);
    const centreName = deps.config.centres.find((c) => c.id === incident.centre)?.name;
    const metrics = await deps.scopeFigures(scopeOf(incident));
    const body = renderSms(text, {
      incident,
      level,
      ...(metrics ? { metrics } : {}),
      link: `${deps.config.server.publicUrl}/control#incident=${incident.id}`,
      ackCode: ackCode(incident.id),
      locale,
      ...(centreName ? { centreName } : {}),
    });
    // At most once: an attempt cut short by a crash may have reached Twilio, and an alert must
    // never go out twice; a lost one is covered by the repeats and the escalation.
    if (!(await deps.smsStore.claimSend(ref))) {
      deps.logger.warn({ incident: incidentId, ref }, 'an earlier attempt of this SMS was cut short; not sending it again');
      return;
    }
    try {
      const sent = await deps.sms.send({ to: contact.phone, body, ref });
      await deps.smsStore.recordSent({ sid: sent.sid, ref, to: contact.phone, contact: contact.name, ...(group ? { group } : {}), incidentId, status: sent.status }, deps.clock());
      deps.logger.info({ incident: incidentId, ref, to: maskPhone(contact.phone), sid: sent.sid }, 'SMS sent');
    } catch (err) {
      await deps.smsStore.releaseSend(ref);
      if (isRetryable(err) && !isFinalAttempt(job)) throw err;
      await markUndelivered(deps, ref);
      throw new UnrecoverableError(`SMS ${ref} not delivered: ${(err as Error).message}`);
    }
  };
}

/** markUndelivered notes that an alert did not reach its contact and ticks its notification at once. */
export async function markUndelivered(deps: ExecutorDeps, ref: string): Promise<void> {
  const parsed = parseSmsRef(ref);
  if (!parsed) return;
  const n = await deps.notifications.get(parsed.key);
  if (!n) return; // a seat call-out, not an alert: nobody to escalate to
  const sent = [...n.state.sent].reverse().find((s) => s.contactId === parsed.contactId);
  if (!sent || sent.undelivered) return;
  sent.undelivered = true;
  await deps.notifications.put(n);
  await deps.queue.add('notify', { key: parsed.key }, { jobId: jobId('notify', parsed.key, 'undelivered', parsed.contactId, String(parsed.attempt)) });
}

/** onSmsStatus follows Twilio's delivery receipts: an undelivered alert moves on to the next contact. */
export async function onSmsStatus(deps: ExecutorDeps, sid: string, status: string, errorCode: string | undefined): Promise<void> {
  const record = await deps.smsStore.updateStatus(sid, status, errorCode, deps.clock());
  if ((status === 'undelivered' || status === 'failed') && record.ref) await markUndelivered(deps, record.ref);
}
