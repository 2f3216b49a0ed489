/**
 * SMS as a service channel: customers text in (some answering a notice) and mostly get a
 * reply; the centre sends batches of notices (bills due, planned works) in business hours,
 * and proactive messages after some contacts and unanswered service calls.
 *
 *   texts in (daily curve) ─► sms.received ─► sms.sent reply
 *   notice batches         ─► sms.sent notice          contact / missed call ─► sms.sent proactive
 */
import type { SmsPurpose } from '../stages/ingest/contract.js';
import { dailyCurve, localHour } from './daily-curve.js';
import type { QueuePlan } from './sizing.js';
import type { ServiceWorld } from './world.js';

const MIN = 60_000;

/** Texts in per contact offered to the centre's queues, at the same time of day. */
const SMS_IN_PER_CONTACT = 0.06;
/** Share of texts in that answer a notice, and of texts in that get a reply. */
const ANSWERS_NOTICE = 0.3;
const REPLIED = 0.9;
const REPLY_DELAY_MS: [number, number] = [20_000, 5 * MIN];

/** Notice batches: about every half hour from 08:00 to 21:00 local, 1–4 % of an hour's peak contacts, sent over 3 minutes. */
const NOTICE_MEAN_GAP_MS = 30 * MIN;
const NOTICE_HOURS: [number, number] = [8, 21];
const NOTICE_BATCH_SHARE: [number, number] = [0.01, 0.04];
const NOTICE_SPREAD_MS = 3 * MIN;

/** startSms keeps a centre's texts in and notice batches coming; `plans` are the centre's queues. */
export function startSms(world: ServiceWorld, centreId: string, timezone: string, plans: readonly QueuePlan[]): void {
  const peakContactsPerSec = plans.reduce((sum, p) => sum + p.peakArrivalPerSec, 0);
  const peakInPerSec = peakContactsPerSec * SMS_IN_PER_CONTACT;
  if (!(peakInPerSec > 0)) return;
  // Thinning, as for contacts: candidates at the peak rate, each kept with the daily curve's share.
  const textIn = (): void => {
    world.after(world.aside.exponential(1000 / peakInPerSec), () => {
      if (world.aside.chance(dailyCurve(world.now, timezone))) receive(world, centreId);
      textIn();
    });
  };
  textIn();
  const notices = (): void => {
    world.after(world.aside.exponential(NOTICE_MEAN_GAP_MS), () => {
      const hour = localHour(world.now, timezone);
      if (hour >= NOTICE_HOURS[0] && hour < NOTICE_HOURS[1]) {
        const size = Math.round(peakContactsPerSec * 3600 * world.aside.uniform(...NOTICE_BATCH_SHARE));
        for (let i = 0; i < size; i++) sendSms(world, centreId, 'notice', world.aside.uniform(0, NOTICE_SPREAD_MS));
      }
      notices();
    });
  };
  notices();
}

/** sendSms sends a text from the centre `delayMs` from now. */
export function sendSms(world: ServiceWorld, centreId: string, purpose: SmsPurpose, delayMs: number): void {
  world.after(delayMs, () => world.emit({ type: 'sms.sent', centre: centreId, messageId: world.nextAsideId('sms'), purpose }));
}

function receive(world: ServiceWorld, centreId: string): void {
  const answering = world.aside.chance(ANSWERS_NOTICE);
  world.emit({ type: 'sms.received', centre: centreId, messageId: world.nextAsideId('sms'), ...(answering ? { purpose: 'reply' as const } : {}) });
  if (world.aside.chance(REPLIED)) sendSms(world, centreId, 'reply', world.aside.uniform(...REPLY_DELAY_MS));
}
