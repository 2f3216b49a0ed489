/**
 * chooseSeats decides who to call in for an `activateSeats` action:
 *
 *   count N ──────────────────────────────┐
 *   auto: Erlang C gap of the centre's    ├─► capped by `max` ─► capped by who is left on the roster
 *   queues this seat type can serve ──────┘                       (roster order, skipping the active)
 *
 * The gap is the live `staffingGap` of each queue (requiredAgents − available − on contact − ACW),
 * counted only where positive: spare agents on email do not answer calls. The reason comes in English
 * and as a note (`seats.chosen`, the same facts as parameters) for screens in other languages.
 */
import { MEDIA, type Media } from '../ingest/contract.js';
import type { MetricsByScope } from '../metrics/types.js';
import { note, type Note } from '../../platform/i18n/note.js';
import { signedNumber } from './format.js';
import type { Contact, SeatsSpec, StandbySeatType } from './types.js';

/** SEAT_MEDIA: what each standby seat can handle — a single phone/IM seat takes calls and messaging, not email or video. */
export const SEAT_MEDIA: Readonly<Record<StandbySeatType, readonly Media[]>> = {
  home: MEDIA,
  backup: MEDIA,
  phone_im: ['voice', 'chat', 'sms', 'social'],
};

/** SeatChoice: the people to activate (count = people.length) and why that many, for the control screen. */
export interface SeatChoice {
  count: number;
  people: Contact[];
  reason: string;
  note: Note;
}

/** chooseSeats picks the standby people of `roster` (already the centre's roster for spec.seatType) to activate. */
export function chooseSeats(spec: SeatsSpec, centre: string, metrics: MetricsByScope, roster: readonly Contact[], alreadyActive: readonly string[]): SeatChoice {
  const wanted = spec.count === 'auto' ? autoCount(spec.seatType, centre, metrics) : { count: spec.count, reason: `${spec.count} asked for`, params: { asked: spec.count } };
  const reasons = [wanted.reason];
  const params: Note['params'] = { centre, seatType: spec.seatType, ...wanted.params };
  let count = wanted.count;
  if (spec.max !== null && count > spec.max) {
    count = spec.max;
    reasons.push(`capped at max ${spec.max}`);
    params.max = spec.max;
  }
  const active = new Set(alreadyActive);
  const free = roster.filter((c) => !active.has(c.id));
  if (count > free.length) {
    count = free.length;
    const busy = roster.length - free.length;
    reasons.push(roster.length === 0 ? `the ${centre} ${spec.seatType} roster is empty` : `only ${free.length} of ${roster.length} on the ${centre} ${spec.seatType} roster left${busy > 0 ? ` (${busy} already active)` : ''}`);
    Object.assign(params, { roster: roster.length, left: free.length, busy });
  }
  const people = free.slice(0, count);
  const reason = `${reasons.join('; ')} → ${people.length} ${spec.seatType} seat${people.length === 1 ? '' : 's'}`;
  return { count: people.length, people, reason, note: note('seats.chosen', { ...params, count: people.length }) };
}

/** autoCount sums the positive staffing gaps of the centre's queues this seat type serves. */
function autoCount(seatType: StandbySeatType, centre: string, metrics: MetricsByScope): { count: number; reason: string; params: Note['params'] } {
  const queues = Object.values(metrics).filter((m) => m.kind === 'queue' && m.centre === centre && m.media !== undefined && SEAT_MEDIA[seatType].includes(m.media));
  const measured = queues.filter((m) => m.staffingGap !== null);
  if (measured.length === 0) return { count: 0, reason: `auto: no live staffing figures for ${centre}'s ${SEAT_MEDIA[seatType].join('/')} queues`, params: { autoNoFigures: 1 } };
  const count = measured.reduce((sum, m) => sum + Math.max(0, m.staffingGap ?? 0), 0);
  const detail = measured.map((m) => `${m.queue} ${signedNumber(m.staffingGap ?? 0)}`).join(', ');
  // The gaps as numbered parameters: gapQueue1, gap1, gapQueue2…
  const gaps = Object.fromEntries(measured.flatMap((m, i) => [[`gapQueue${i + 1}`, m.queue ?? ''], [`gap${i + 1}`, m.staffingGap ?? 0]]));
  return { count, reason: `auto: Erlang C gap ${count} at ${centre} (${detail})`, params: { autoGap: count, ...gaps } };
}
