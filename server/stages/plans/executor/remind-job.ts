/**
 * The `remind` job: a plan's proactive SMS batch to a customer list (DESIGN.md, cost per contact:
 * a reminder that answers the question before it is asked shifts a contact off the hotline).
 *
 *   list ─► drop recipients already settled (a re-run) ─► skip the opted out (opt-out file, STOP replies)
 *        ─► send in chunks of remind.ratePerSec, a chunk starting a second after the last one finished
 *           (none once the level has fallen below the step's: the rest are not sent)
 *        ─► each recipient's outcome recorded once ─► the step's progress ─► done (or retried)
 *
 * Each SMS has the ref `<incident>/remind/<recipient id>` and is claimed before Twilio is called,
 * as alerts are: a batch re-run after a crash or a retry, or a second remind step of the same
 * incident, never texts anyone twice. Failures worth retrying leave the recipient unsettled
 * for the job's next attempt; after the last they count as failed.
 */
import type { Job } from 'bullmq';
import type { Locale } from '../../../config/locales.js';
import { note } from '../../../platform/i18n/note.js';
import { isRetryable, mayHaveArrived, SendError, type SentSms } from '../../deliver/sms/index.js';
import type { Customer } from '../customer-lists.js';
import type { Incident } from '../../incidents/types.js';
import { levelRank, type Level } from '../../rules/index.js';
import { inForce } from '../index.js';
import type { RemindSpec } from '../types.js';
import { stepJob } from './action-job.js';
import { auditStep, type ExecutorDeps } from './deps.js';
import { isFinalAttempt } from './jobs.js';
import { recipientId, type ReminderCounts, type ReminderOutcome } from './reminders.js';
import { renderTemplate } from './render.js';
import { pricedShift } from './shift-price.js';
import type { ReminderProgress, Step } from './steps.js';

/** Twilio's "unsubscribed recipient": the number replied STOP to our sender. */
const UNSUBSCRIBED = 21610;

export type Pause = (ms: number) => Promise<void>;
const sleep: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface Batch {
  step: Step;
  incident: Incident;
  level: Level;
  spec: RemindSpec;
  customers: readonly Customer[];
  final: boolean;
}

export function remindJob(deps: ExecutorDeps, pause: Pause = sleep) {
  return stepJob(deps, async ({ data, incident, action, step, save }, job: Job) => {
    if (action.kind !== 'remind' || step.state !== 'queued') return;
    const customers = deps.config.remind.lists[action.spec.list];
    if (!customers) return save({ state: 'skipped', detail: `no customer list ${action.spec.list} in the config any more`, note: note('step.noCustomerList', { list: action.spec.list }) });
    const { progress, retry, fell } = await sendReminders(deps, { step, incident, level: data.level, spec: action.spec, customers, final: isFinalAttempt(job) }, pause);
    if (retry > 0 && fell === undefined) throw new Error(`${retry} reminder(s) not accepted by Twilio yet; retrying`);
    const words = progressWords(action.spec.list, progress, true, fell);
    await auditStep(deps, step, 'remind', words.detail, { list: action.spec.list, template: action.spec.template, progress });
    const shifted = await pricedShift(deps, incident.centre, { contacts: progress.sent, to: 'sms', basis: 'reminders sent' });
    return save({ state: 'done', progress, shifted, ...words });
  });
}

/**
 * sendReminders sends what is left of a batch; it stops before a chunk once the incident's level
 * has fallen below the step's (`fell`: the level in force then), as an alert stops repeating.
 */
async function sendReminders(deps: ExecutorDeps, batch: Batch, pause: Pause): Promise<{ progress: ReminderProgress; retry: number; fell?: Level }> {
  const { step, customers } = batch;
  const rate = deps.config.remind.ratePerSec;
  const settled = await deps.reminders.settled(step.key);
  const open = customers.filter((c) => !settled.has(recipientId(c.phone)));
  const byReply = await deps.optOuts.optedOut(open.map((c) => c.phone));
  const optedOut = (c: Customer) => deps.config.remind.optOut.has(c.phone) || byReply.has(c.phone);
  let counts = await deps.reminders.record(step.key, new Map(open.filter(optedOut).map((c) => [recipientId(c.phone), 'optedOut'])));
  const report = (counts: ReminderCounts) => {
    const progress = progressOf(customers.length, counts);
    return deps.steps.update(step.key, { progress, ...progressWords(batch.spec.list, progress, false), updatedAt: deps.clock() });
  };
  await report(counts);

  // Every customer of a language gets the same words: rendered once per language.
  const texts = new Map<Locale, Promise<string | undefined>>();
  const textIn = (locale: Locale) => {
    let text = texts.get(locale);
    if (!text) texts.set(locale, (text = renderTemplate(deps, batch.incident, batch.level, batch.spec.template, locale)));
    return text;
  };
  const due = open.filter((c) => !optedOut(c));
  let retry = 0;
  // Paced in real time whatever the plan clock says: Twilio's limits are in real seconds. A chunk
  // starts a full second after the previous one finished, so no second ever sees more than `rate`.
  let nextAt = 0;
  for (let i = 0; i < due.length; i += rate) {
    await pause(nextAt - Date.now());
    const fell = await levelFell(deps, batch);
    if (fell !== undefined) return { progress: progressOf(customers.length, counts), retry, fell };
    const results = await Promise.all(due.slice(i, i + rate).map((c) => remindOne(deps, batch, c, textIn)));
    nextAt = Date.now() + 1000;
    retry += results.filter(([, outcome]) => outcome === 'retry').length;
    counts = await deps.reminders.record(step.key, new Map(results.filter((r): r is [string, ReminderOutcome] => r[1] !== 'retry')));
    await report(counts);
  }
  return { progress: progressOf(customers.length, counts), retry };
}

async function remindOne(deps: ExecutorDeps, batch: Batch, customer: Customer, textIn: (locale: Locale) => Promise<string | undefined>): Promise<[string, ReminderOutcome | 'retry']> {
  const who = recipientId(customer.phone);
  const ref = `${batch.incident.id}/remind/${who}`;
  const log = deps.logger.child({ incident: batch.incident.id, step: batch.step.key, ref });
  if (await deps.smsStore.sidForRef(ref)) return [who, 'sent'];
  // At most once per incident: an attempt cut short by a crash may have reached Twilio.
  const claim = await deps.smsStore.claimSend(ref);
  if (claim === 'taken') {
    log.warn('an earlier attempt of this reminder was cut short; not sending it again');
    return [who, 'sent'];
  }
  if (claim === 'unreplicated') {
    log.warn('too few redis replicas confirmed the claim of this reminder in time (redis.ackReplicas); not sending it now');
    return [who, batch.final ? 'failed' : 'retry'];
  }
  const body = await textIn(customer.locale ?? deps.config.locale);
  if (body === undefined) {
    await deps.smsStore.releaseSend(ref);
    return [who, 'failed'];
  }
  let sent: SentSms;
  try {
    sent = await deps.sms.send({ to: customer.phone, body, ref });
  } catch (err) {
    if (mayHaveArrived(err)) {
      // No answer: Twilio may have taken it. The claim stays, so no retry texts this customer again.
      log.warn({ err: (err as Error).message }, 'no answer from Twilio: the reminder may have gone out, so it is not sent again');
      return [who, 'failed'];
    }
    await deps.smsStore.releaseSend(ref);
    if (err instanceof SendError && err.code === UNSUBSCRIBED) {
      await deps.optOuts.add(customer.phone);
      return [who, 'optedOut'];
    }
    if (isRetryable(err) && !batch.final) return [who, 'retry'];
    log.warn({ err: (err as Error).message }, 'reminder not sent');
    return [who, 'failed'];
  }
  // It went out: the claim stays whatever happens to the record, so no retry sends it again.
  const { replicated } = await deps.smsStore.recordSent({ sid: sent.sid, ref, to: customer.phone, group: `reminder: ${batch.spec.list}`, groupNote: note('sms.reminder', { list: batch.spec.list }), incidentId: batch.incident.id, status: sent.status }, deps.clock());
  if (!replicated) log.warn({ sid: sent.sid }, 'reminder sent, but too few redis replicas confirmed its record in time: a failover may lose the record (not the claim)');
  return [who, 'sent'];
}

/** levelFell: the level in force when it is below the step's (or the incident is gone or resolved), else undefined. */
async function levelFell(deps: ExecutorDeps, batch: Batch): Promise<Level | undefined> {
  const incident = await deps.incidents.get(batch.incident.id);
  const level = incident ? inForce(incident) : 'normal';
  return levelRank(level) < levelRank(batch.level) ? level : undefined;
}

const progressOf = (total: number, counts: ReminderCounts): ReminderProgress => ({ total, ...counts });

/** progressWords: the step's detail and note for a batch under way or finished. */
function progressWords(list: string, p: ReminderProgress, finished: boolean, fell?: Level) {
  const counts = `${p.sent} sent, ${p.failed} failed, ${p.optedOut} skipped (opted out)`;
  const stopped = fell === undefined ? '' : `; stopped: the level fell to ${fell}`;
  return {
    detail: finished ? `reminded customers of ${list} by SMS: ${counts} of ${p.total}${stopped}` : `reminding customers of ${list} by SMS: ${counts} of ${p.total} so far`,
    note: note(finished ? 'step.reminded' : 'step.reminding', { list, total: p.total, sent: p.sent, failed: p.failed, optedOut: p.optedOut, ...(fell === undefined ? {} : { fell }) }),
  };
}
