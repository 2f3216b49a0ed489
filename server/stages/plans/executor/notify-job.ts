/**
 * Alerts by SMS until someone acknowledges:
 *
 *   tick ─► nextNotification ─► send: one attempt in place ─► record it ─► next tick when the repeat/escalation is due
 *                                       └ failed, worth retrying ─► an `sms` job with the remaining attempts
 *                                       └ undelivered (after the last attempt, or a Twilio status callback) ─► tick again ─► next contact
 *
 * The step that starts a notification runs its first tick itself, so the first SMS leaves with
 * the step, not after two more trips through the queue. Every attempt carries a ref fixed by
 * (notification, contact, attempt) and claims it before calling Twilio: a tick re-run after a
 * crash, before or after the send, finds the ref sent or claimed and never sends it twice.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { maskPhone } from '../../../platform/log/log.js';
import type { Note } from '../../../platform/i18n/note.js';
import { isRetryable, mayHaveArrived, type SentSms } from '../../deliver/sms/index.js';
import { groupContacts, inForce, nextNotification } from '../index.js';
import { renderTemplate } from './render.js';
import { silencing } from './silences.js';
import type { Incident } from '../../incidents/types.js';
import { levelRank, type Level } from '../../rules/index.js';
import type { ExecutorDeps } from './deps.js';
import { scopeOf } from '../select.js';
import { isFinalAttempt, jobId } from './jobs.js';
import { parseSmsRef, smsRef, type Notification } from './notifications.js';

const LOCK_MS = 15_000;

export type Lock = (key: string, ms: number) => Promise<(() => Promise<void>) | undefined>;
export type NotifyDeps = ExecutorDeps & { lock: Lock };

/** One SMS to send: what the `sms` job carries. */
interface SmsOrder {
  ref: string;
  contactId: string;
  incidentId: string;
  level: Level;
  template: string;
  /** The escalation group or standby roster the contact was reached through (older jobs lack it). */
  group?: string;
  /** The same as a note, for screens in other languages (a standby roster's; absent for a named group). */
  groupNote?: Note;
}

type Attempt = 'sent' | 'retry' | 'undelivered';

export function notifyJob(deps: NotifyDeps) {
  return async (job: Job): Promise<void> => {
    const key = String(job.data.key);
    if (!(await tickNotification(deps, key))) throw new Error('another tick of this notification is running; retrying');
  };
}

/**
 * tickNotification sends what is due now (moving on at once past an undelivered contact) and
 * schedules the next tick; false when another tick of the same notification holds it. `start`
 * is the notification to create first (the step that starts it), with the lock in the same round trip.
 */
export async function tickNotification(deps: NotifyDeps, key: string, start?: Notification): Promise<boolean> {
  // One tick at a time per notification: an early tick (undelivered) may meet a scheduled one.
  const [locked, created] = await Promise.allSettled([deps.lock(`notify:${key}`, LOCK_MS), start && deps.notifications.create(start)]);
  const unlock = locked.status === 'fulfilled' ? locked.value : undefined;
  if (created.status === 'rejected') {
    await unlock?.();
    throw created.reason;
  }
  if (locked.status === 'rejected') throw locked.reason;
  if (!unlock) return false;
  try {
    // Each undelivered round marks a contact, so the group runs out and this ends.
    while ((await tick(deps, key, start?.incidentId)) === 'undelivered');
  } finally {
    await unlock();
  }
  return true;
}

/** tick runs one round; `incidentId`, when the caller knows it, is read with the notification instead of after it. */
async function tick(deps: ExecutorDeps, key: string, incidentId?: string): Promise<Attempt | undefined> {
  const now = deps.clock();
  // Read together, as the path of an alert's first SMS: the silences in force whether or not this tick sends.
  const [n, known, silences] = await Promise.all([deps.notifications.get(key), incidentId === undefined ? undefined : deps.incidents.get(incidentId), deps.silences.active(now)]);
  if (!n || n.done) return;
  const incident = n.incidentId === incidentId ? known : await deps.incidents.get(n.incidentId);
  const stop = async (reason: string) => void (await deps.notifications.put({ ...n, done: reason }));
  if (!incident || incident.state === 'resolved') return stop('the incident is resolved');
  if (levelRank(inForce(incident)) < levelRank(n.level as Level)) return stop(`the level fell below ${n.level}`);
  if (incident.acknowledged && n.state.acknowledgedAt === null) n.state.acknowledgedAt = incident.acknowledged.at;

  const next = nextNotification(n.state, now, deps.config.notify, groupContacts(deps.config, n.group));
  if (next.kind === 'done') return stop(next.reason);
  const silence = next.kind === 'send' ? silencing(silences, scopeOf(incident)) : undefined;
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
  const order: SmsOrder = { ref: smsRef(key, next.contact.id, next.attempt), contactId: next.contact.id, incidentId: n.incidentId, level: n.level as Level, template: n.template, group: n.group };
  const attempt = await attemptSms(deps, order, false, incident);
  n.state.sent.push({ contactId: next.contact.id, at: now, ...(attempt === 'undelivered' ? { undelivered: true } : {}) });
  await deps.notifications.put(n);
  if (attempt === 'retry') await deps.queue.retryLater('sms', { ...order }, { jobId: jobId('sms', order.ref) });
  deps.logger.info({ incident: n.incidentId, step: key, contact: next.contact.id, attempt: next.attempt, outcome: attempt }, 'alert SMS');
  if (attempt === 'undelivered') return attempt;
  // What comes after this one (a repeat, or the next contact) is decided by the next tick.
  const after = nextNotification(n.state, now, deps.config.notify, groupContacts(deps.config, n.group));
  if (after.kind === 'wait') await deps.queue.add('notify', { key }, { jobId: jobId('notify', key, String(after.until)), delay: Math.max(0, after.until - now) });
  return attempt;
}

/** The `sms` job: the remaining attempts of an alert's SMS, and the seat call-outs. */
export function smsJob(deps: ExecutorDeps) {
  return async (job: Job): Promise<void> => {
    const order = job.data as SmsOrder;
    const attempt = await attemptSms(deps, order, isFinalAttempt(job));
    if (attempt === 'retry') throw new Error(`SMS ${order.ref} not accepted yet; retrying`);
    if (attempt === 'undelivered') {
      await markUndelivered(deps, order.ref);
      throw new UnrecoverableError(`SMS ${order.ref} not delivered`);
    }
  };
}

/**
 * attemptSms makes one attempt at an SMS unless its ref was sent or claimed before; the last one (`final`) gives up on a
 * failure. `read` is its incident when the caller has just read it (an alert's tick).
 */
async function attemptSms(deps: ExecutorDeps, order: SmsOrder, final: boolean, read?: Incident): Promise<Attempt> {
  const { ref, contactId, incidentId, level, template, group, groupNote } = order;
  // In the group's language, else the config's.
  const locale = (group !== undefined ? deps.config.groupLocales[group] : undefined) ?? deps.config.locale;
  const incident = read ?? (await deps.incidents.get(incidentId));
  // At most once: an attempt cut short by a crash may have reached Twilio, and an alert must never go out twice; a
  // lost one is covered by the repeats and the escalation. The claim goes with the look-up of an earlier send and the
  // text's figures, as the path of an alert's first SMS; a ref sent before a crash keeps the claim (it is sent), and one
  // this attempt cannot send gives it back, so a retry may send it.
  const [sid, body, claimed] = await Promise.allSettled([deps.smsStore.sidForRef(ref), incident && renderTemplate(deps, incident, level, template, locale), deps.smsStore.claimSend(ref)]);
  if (claimed.status === 'rejected') throw claimed.reason;
  const claim = claimed.value;
  const giveBack = async (err: unknown): Promise<never> => {
    if (claim === 'claimed') await deps.smsStore.releaseSend(ref);
    throw err;
  };
  if (sid.status === 'rejected') return giveBack(sid.reason);
  if (sid.value) return 'sent'; // sent before a crash: never twice
  if (body.status === 'rejected') return giveBack(body.reason);
  const contact = deps.config.contacts.find((c) => c.id === contactId);
  if (!contact || !incident || body.value === undefined) return giveBack(new UnrecoverableError(`cannot send ${ref}: unknown contact, incident or template`));
  if (claim === 'taken') {
    deps.logger.warn({ incident: incidentId, ref }, 'an earlier attempt of this SMS was cut short; not sending it again');
    return 'sent';
  }
  if (claim === 'unreplicated') {
    // A claim a failover could lose would let a retry on the promoted replica send again: not sent, like a failed send.
    deps.logger.warn({ incident: incidentId, ref, final }, 'too few redis replicas confirmed the claim of this SMS in time (redis.ackReplicas); not sending it now');
    return final ? 'undelivered' : 'retry';
  }
  let sent: SentSms;
  try {
    sent = await deps.sms.send({ to: contact.phone, body: body.value, ref });
  } catch (err) {
    if (mayHaveArrived(err)) {
      // No answer (a timeout, a cut connection): Twilio may have taken it. The claim stays, so no retry sends it
      // again; counted as not delivered, the alert moves on to the next contact.
      deps.logger.warn({ incident: incidentId, ref, err: (err as Error).message }, 'no answer from Twilio: the SMS may have gone out, so it is not sent again');
      return 'undelivered';
    }
    await deps.smsStore.releaseSend(ref);
    if (isRetryable(err) && !final) return 'retry';
    deps.logger.warn({ incident: incidentId, ref, err: (err as Error).message }, 'SMS not delivered');
    return 'undelivered';
  }
  // It went out: the claim stays whatever happens to the record (Redis failing over, say), so no retry sends it again.
  deps.logger.info({ incident: incidentId, ref, to: maskPhone(contact.phone), sid: sent.sid }, 'SMS sent');
  const { replicated } = await deps.smsStore.recordSent({ sid: sent.sid, ref, to: contact.phone, contact: contact.name, ...(group ? { group } : {}), ...(groupNote ? { groupNote } : {}), incidentId, status: sent.status }, deps.clock());
  if (!replicated) deps.logger.warn({ incident: incidentId, ref, sid: sent.sid }, 'SMS sent, but too few redis replicas confirmed its record in time: a failover may lose the record (not the claim)');
  return 'sent';
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
