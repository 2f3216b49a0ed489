/**
 * The `action` and `undo` jobs: carry out one plan step (notify, activateSeats, reroute,
 * banner, announce; remind hands its batch to a `remind` job), or take it back when the level falls. A step that needs the dispatcher waits
 * as "awaiting confirmation" until approved. Choices (who, where to) are saved before any
 * side effect, so a retry repeats the same choice and every outbound id stays the same.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { actionsFor, chooseReroute, chooseSeats, inForce, rosterContacts, type PlannedAction, type RerouteChoice } from '../index.js';
import type { AnnounceSpec } from '../types.js';
import { LOCALES, type Locale } from '../../../config/locales.js';
import { renderTemplate } from './render.js';
import { levelRank, type AlertLevel } from '../../rules/index.js';
import { note, withReason, type Note } from '../../../platform/i18n/note.js';
import type { Incident } from '../../incidents/types.js';
import { publishBanners } from './banner-store.js';
import { auditStep, type ExecutorDeps } from './deps.js';
import { jobId } from './jobs.js';
import { smsRef } from './notifications.js';
import { tickNotification, type NotifyDeps } from './notify-job.js';
import { publishRouting, RoutingStore, type RoutingChange } from './routing-store.js';
import { previewFrom, readForPreview, type PreviewReads } from './preview.js';
import { pricedShift } from './shift-price.js';
import type { Step } from './steps.js';
import { sendWebhook } from './webhook-job.js';

/** The standby people a seats step chose, kept with the step. */
interface SeatPick {
  people: { id: string; name: string }[];
  reason: string;
  /** The reason as a note (absent on picks saved before notes existed). */
  note?: Note;
}

interface StepRef {
  key: string;
  incidentId: string;
  level: AlertLevel;
  approved?: boolean;
  /** An undo set for a time (a re-route's expiry, a dispatcher's keep-until): when it was due. */
  due?: number;
}

interface StepContext {
  data: StepRef;
  incident: Incident;
  action: PlannedAction;
  step: Step;
  now: number;
  /** save records the step's new state (with this run's time). */
  save: (change: Partial<Step>) => Promise<void>;
}

/** stepJob finds the step a job is about and hands it over; a step whose plan changed is skipped. */
export function stepJob(deps: ExecutorDeps, body: (ctx: StepContext, job: Job) => Promise<void>) {
  return async (job: Job): Promise<void> => {
    const data = job.data as StepRef;
    const [incident, step] = await Promise.all([deps.incidents.get(data.incidentId), deps.steps.get(data.key)]);
    if (!incident) throw new UnrecoverableError(`no incident ${data.incidentId}`);
    const action = actionsFor(deps.plans(), incident, data.level).find((a) => a.key === data.key);
    const now = deps.clock();
    if (!action || !step) {
      if (step) await deps.steps.put({ ...step, state: 'skipped', detail: 'the plan changed before it ran', note: note('step.planChanged'), updatedAt: now });
      return;
    }
    await body({ data, incident, action, step, now, save: (change) => deps.steps.put({ ...step, ...change, updatedAt: now }) }, job);
  };
}

export function actionJob(deps: NotifyDeps) {
  return stepJob(deps, async ({ data, incident, action, step, now, save }, job) => {
    if (['done', 'skipped', 'cancelled', 'undone'].includes(step.state)) return;
    if (levelRank(inForce(incident)) < levelRank(data.level)) return save({ state: 'skipped', detail: `the level fell to ${inForce(incident)} before it ran`, note: note('step.levelFell', { level: inForce(incident) }) });
    if (action.needsConfirmation && !data.approved) return save({ state: 'awaiting confirmation', detail: 'waits for the dispatcher to approve', note: note('step.awaitingApproval') });
    const log = deps.logger.child({ incident: incident.id, step: step.key, job: job.id });

    // The figures, levels and active seats, read once (on the way to the ACD's webhook) for a step's preview and its choice.
    let read: Promise<PreviewReads> | undefined;
    const reads = () => (read ??= readForPreview(deps));
    // A step that moves traffic or agents keeps the preview of the moment it ran (an approved one, the one the dispatcher saw).
    // `save` writes this step object: every state saved from here on carries the preview.
    if ((action.kind === 'reroute' || action.kind === 'activateSeats') && !step.preview) step.preview = previewFrom(deps, [action], incident.centre, await reads());

    switch (action.kind) {
      case 'notify': {
        const start = { key: step.key, incidentId: incident.id, level: data.level, group: action.spec.group, template: action.spec.template, state: { sent: [], acknowledgedAt: null }, done: null };
        // The first SMS leaves from here; only a tick already running elsewhere leaves it to a job.
        if (!(await tickNotification(deps, step.key, start))) await deps.queue.add('notify', { key: step.key }, { jobId: jobId('notify', step.key, 'start') });
        return save({ state: 'done', detail: `alerting ${action.spec.group} by SMS until acknowledged`, note: note('step.alerting', { group: action.spec.group }) });
      }
      case 'activateSeats': {
        const centre = incident.centre;
        let chosen = step.choice as SeatPick | undefined;
        if (!chosen) {
          const { metrics, seats } = await reads();
          const already = seats.filter((x) => x.centre === centre).map((x) => x.person);
          const pick = chooseSeats(action.spec, centre, metrics, rosterContacts(deps.config, centre, action.spec.seatType), already);
          chosen = { people: pick.people.map((p) => ({ id: p.id, name: p.name })), reason: pick.reason, note: pick.note };
          await deps.steps.put({ ...step, choice: chosen, updatedAt: now });
        }
        if (chosen.people.length === 0) return save({ choice: chosen, state: 'skipped', detail: `no ${action.spec.seatType} seats activated: ${chosen.reason}`, note: note('step.noSeats', { ...withReason(chosen.reason, chosen.note), seatType: action.spec.seatType }) });
        const seats = { incidentId: incident.id, level: data.level, seatType: action.spec.seatType, count: chosen.people.length, people: chosen.people, reason: chosen.reason };
        // Recorded before the ACD hears of them: what the webhook announces is already on the screens' stores.
        await deps.seats.putMany(chosen.people.map((p) => ({ centre, person: p.id, name: p.name, seatType: action.spec.seatType, incidentId: incident.id, step: step.key, since: now })));
        await sendWebhook(deps, { id: `seats.activate.${step.key}`, type: 'seats.activate', centre, data: seats });
        for (const person of chosen.people) {
          const ref = smsRef(step.key, person.id, 1);
          const roster = `${centre} ${action.spec.seatType} standby`;
          const groupNote = note('sms.standbyRoster', { centre, seatType: action.spec.seatType });
          await deps.queue.add('sms', { ref, contactId: person.id, incidentId: incident.id, level: data.level, template: action.spec.template, group: roster, groupNote }, { jobId: jobId('sms', ref) });
        }
        log.info({ seats: chosen.people.length, seatType: action.spec.seatType }, 'standby seats activated');
        return save({ choice: chosen, state: 'done', detail: `${chosen.people.length} ${action.spec.seatType} seat(s) activated: ${chosen.reason}`, note: note('step.seatsActivated', { ...withReason(chosen.reason, chosen.note), count: chosen.people.length, seatType: action.spec.seatType }) });
      }
      case 'reroute': {
        let chosen = step.choice as RerouteChoice | undefined;
        if (!chosen) {
          const { metrics, levels } = await reads();
          chosen = chooseReroute(action.spec, incident.centre, metrics, levels, deps.config);
          await deps.steps.put({ ...step, choice: chosen, updatedAt: now });
        }
        if (chosen.to.length === 0) return save({ choice: chosen, state: 'skipped', detail: `not re-routed: ${chosen.reason}`, note: note('step.notRerouted', withReason(chosen.reason, chosen.note)) });
        const change: RoutingChange = {
          id: `routing.${step.key}`,
          incidentId: incident.id,
          from: incident.centre,
          to: chosen.to,
          ...(action.spec.queue !== undefined ? { queue: action.spec.queue } : { media: action.spec.media }),
          reason: chosen.reason,
          changedAt: now,
          expiresAt: action.spec.expiresAfterSec === null ? null : now + action.spec.expiresAfterSec * 1000,
        };
        // Recorded first; then the screens and the ACD hear of it together, so a slow ACD does not hold back the wall.
        await deps.routing.apply({ ...change, ...(chosen.note ? { reasonNote: chosen.note } : {}) });
        await Promise.all([publishRouting(deps), sendWebhook(deps, { id: change.id, type: 'routing.changed', centre: incident.centre, data: { ...change } })]);
        if (change.expiresAt !== null) await undoAt(deps, data, change.expiresAt, 'expired', now);
        log.info({ to: chosen.to }, 'traffic re-routed');
        return save({ choice: chosen, state: 'done', detail: `re-routed ${chosen.to.map((t) => `${Math.round(t.share * 100)}% to ${t.centre}`).join(', ')}`, note: reroutedNote(chosen) });
      }
      case 'banner':
        await deps.banners.put({ step: step.key, incidentId: incident.id, centre: incident.centre, level: data.level, text: action.spec.text, since: now });
        await publishBanners(deps);
        return save({ state: 'done', detail: `banner shown: ${action.spec.text}`, note: note('step.bannerShown', { text: action.spec.text }) });
      case 'announce': {
        const { message, offer } = action.spec;
        let chosen = step.choice as Announcement | undefined;
        if (!chosen) {
          chosen = await announcement(deps, incident, data.level, action.spec);
          await deps.steps.put({ ...step, choice: chosen, updatedAt: now });
        }
        if (chosen.queues.length === 0) return save({ choice: chosen, state: 'skipped', detail: `no queues to announce on at ${incident.centre}`, note: note('step.noAnnounceQueues', { centre: incident.centre }) });
        const selfService = offer === 'self-service-sms' && deps.config.ivr?.selfServiceUrl ? { selfServiceUrl: deps.config.ivr.selfServiceUrl } : {};
        await sendWebhook(deps, { id: `ivr.announce.${step.key}`, type: 'ivr.announce', centre: incident.centre, data: { incidentId: incident.id, level: data.level, queues: chosen.queues, message, text: chosen.text, offer, ...selfService } });
        log.info({ queues: chosen.queues, offer }, 'IVR announcement');
        // Callers waiting now hear the offer first: the estimate of contacts it moves off the agents.
        const shifted = offer === 'none' ? {} : { shifted: await pricedShift(deps, incident.centre, { contacts: chosen.waiting, to: offer === 'callback' ? 'callback' : 'self-service', basis: 'callers waiting in the announced queues when the offer began' }) };
        const offered = offer === 'none' ? '' : `, offering ${offer === 'callback' ? 'a callback' : 'a self-service link by SMS'} (${chosen.waiting} waiting)`;
        const detail = `IVR announces ${message} on ${chosen.queues.join(', ')}${offered}`;
        await auditStep(deps, step, 'announce', detail, { centre: incident.centre, queues: chosen.queues, message, offer, ...shifted });
        return save({ choice: chosen, state: 'done', ...shifted, detail, note: note('step.announced', { message, queues: chosen.queues.join(', '), offer, waiting: chosen.waiting }) });
      }
      case 'remind': {
        const total = deps.config.remind.lists[action.spec.list]?.length ?? 0;
        // Recorded first: the batch job finds the step queued, and reports its progress on it.
        await save({ state: 'queued', progress: { total, sent: 0, failed: 0, optedOut: 0 }, detail: `reminding ${total} customers of ${action.spec.list} by SMS`, note: note('step.reminding', { list: action.spec.list, total, sent: 0, failed: 0, optedOut: 0 }) });
        await deps.queue.add('remind', { key: step.key, incidentId: incident.id, level: data.level }, { jobId: jobId('remind', step.key) });
        return;
      }
    }
  });
}

/** What an announce step chose, kept with the step: the queues, their callers waiting then, and the words in each language. */
interface Announcement {
  queues: string[];
  waiting: number;
  text: Partial<Record<Locale, string>>;
}

async function announcement(deps: ExecutorDeps, incident: Incident, level: AlertLevel, spec: AnnounceSpec): Promise<Announcement> {
  const centreQueues = deps.config.centres.find((c) => c.id === incident.centre)?.queues.map((q) => q.id) ?? [];
  const queues = (spec.queues ?? centreQueues).filter((q) => centreQueues.includes(q));
  const figures = await deps.figures();
  const waiting = queues.reduce((sum, q) => sum + (figures[`queue:${incident.centre}/${q}`]?.waiting ?? 0), 0);
  const words = await Promise.all(LOCALES.map(async (locale) => [locale, await renderTemplate(deps, incident, level, spec.message, locale)] as const));
  return { queues, waiting, text: Object.fromEntries(words.filter(([, text]) => text !== undefined)) };
}

export function undoJob(deps: ExecutorDeps) {
  return stepJob(deps, async ({ data, incident, action, step, now, save }) => {
    if (step.state === 'awaiting confirmation') return save({ state: 'cancelled', detail: 'the level fell before it was approved', note: note('step.levelFellUnapproved') });
    // Its action job has not run yet (held up, e.g. by an instance that died holding it): when it runs, it finds the step ended.
    if (step.state === 'queued') return save({ state: 'cancelled', detail: `the level fell to ${inForce(incident)} before it ran`, note: note('step.levelFell', { level: inForce(incident) }) });
    if (step.state !== 'done' && step.state !== 'awaiting undo confirmation') return;
    // A dispatcher who resolved the incident may keep it in force until a time: earlier undos wait for it.
    if (step.keptUntil !== undefined && step.keptUntil > (data.due ?? now)) return save({ state: 'done', ...kept(step.keptUntil) });
    if (action.undo === 'confirm' && !data.approved) return save({ state: 'awaiting undo confirmation', detail: 'the level fell: undo waits for the dispatcher', note: note('step.undoAwaitingApproval') });
    const why = data.due !== undefined ? 'expired' : incident.state === 'resolved' ? 'incident resolved' : `level fell to ${inForce(incident)}`;
    // The same reason for the notes: `expired`, `resolved` or `levelFell` (with the level).
    const because: Record<string, string> = data.due !== undefined ? { why: 'expired' } : incident.state === 'resolved' ? { why: 'resolved' } : { why: 'levelFell', level: inForce(incident) };
    switch (action.kind) {
      case 'activateSeats': {
        const released = await deps.seats.release(step.key);
        if (released.length > 0) {
          const people = released.map((s) => ({ id: s.person, name: s.name }));
          await sendWebhook(deps, { id: `seats.release.${step.key}`, type: 'seats.release', centre: incident.centre, data: { incidentId: incident.id, level: data.level, seatType: action.spec.seatType, count: people.length, people } });
        }
        return save({ state: 'undone', detail: `${why}: ${released.length} seat(s) released`, note: note('step.seatsReleased', { ...because, count: released.length }) });
      }
      case 'reroute': {
        const applied = step.choice as RerouteChoice | undefined;
        if (!applied || applied.to.length === 0) return save({ state: 'undone', detail: 'nothing to restore', note: note('step.nothingToRestore') });
        const target = action.spec.queue !== undefined ? { queue: action.spec.queue } : { media: action.spec.media };
        const restore: RoutingChange = { id: `routing.restore.${step.key}`, incidentId: incident.id, from: incident.centre, to: [], ...target, reason: `${why}: routing restored`, changedAt: now, expiresAt: null };
        await deps.routing.apply({ ...restore, reasonNote: note('reroute.restored', because) });
        await Promise.all([publishRouting(deps), sendWebhook(deps, { id: restore.id, type: 'routing.changed', centre: incident.centre, data: { ...restore, restore: true } })]);
        return save({ state: 'undone', detail: `${why}: routing of ${RoutingStore.keyOf(restore)} restored`, note: note('step.routingRestored', { ...because, from: restore.from, ...(restore.queue !== undefined ? { queue: restore.queue } : restore.media !== undefined ? { media: restore.media } : {}) }) });
      }
      case 'banner':
        await deps.banners.delete([step.key]);
        await publishBanners(deps);
        return save({ state: 'undone', detail: 'banner taken down', note: note('step.bannerTakenDown') });
      case 'announce': {
        await sendWebhook(deps, { id: `ivr.announce.end.${step.key}`, type: 'ivr.announce.end', centre: incident.centre, data: { incidentId: incident.id, level: data.level, announcement: `ivr.announce.${step.key}` } });
        await auditStep(deps, step, 'announce-end', `${why}: IVR announcement ended`, { centre: incident.centre });
        return save({ state: 'undone', detail: `${why}: IVR announcement ended`, note: note('step.announcementEnded', because) });
      }
      case 'notify':
      case 'remind':
        return save({ state: 'undone' });
    }
  });
}

/**
 * undoAt schedules a step's undo for a time (a re-route's expiry, or the keep-until a dispatcher
 * chose on resolving): a delayed job whose id says which, so scheduling it again changes nothing.
 */
export async function undoAt(deps: Pick<ExecutorDeps, 'queue'>, ref: Pick<StepRef, 'key' | 'incidentId' | 'level'>, due: number, why: 'expired' | 'kept', now: number): Promise<void> {
  const data: StepRef = { key: ref.key, incidentId: ref.incidentId, level: ref.level, approved: true, due };
  await deps.queue.add('undo', { ...data }, { jobId: jobId('undo', ref.key, why), delay: Math.max(0, due - now) });
}

/** kept: what a step kept in force by the dispatcher says, in English and as a note. */
export const kept = (until: number): { detail: string; note: Note } => ({ detail: `kept in force by the dispatcher until ${new Date(until).toISOString()}`, note: note('step.keptInForce', { until }) });

/** reroutedNote: the targets as numbered parameters (`centre1`, `share1`, `centre2`…), shares as fractions. */
function reroutedNote(choice: RerouteChoice): Note {
  return note('step.rerouted', Object.fromEntries(choice.to.flatMap((t, i) => [[`centre${i + 1}`, t.centre], [`share${i + 1}`, t.share]])));
}
