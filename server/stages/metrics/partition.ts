/**
 * Partition is the metrics state of one centre, advanced one event at a time.
 *
 *   event ─► apply() ─► waiting contacts, agents, IVR ports   (instant figures)
 *                   └─► counters in 10 s buckets + today       (window figures)
 *
 * apply() is deterministic: the state after a sequence of events depends on nothing
 * but those events, in stream order. That is what lets a crashed engine restore a
 * checkpoint, re-apply the events after it and land on exactly the same figures.
 *
 * Late and out-of-order events (the policy, also in docs/metrics.md):
 * - Events are applied in acceptance (stream) order; durations come from source `ts`.
 * - Window figures go to the bucket of the event's own `ts`; an event older than the
 *   15-minute horizon behind the newest `ts` seen counts only towards today.
 * - An answer or abandon for a contact not waiting in its queue counts as offered there too
 *   (at its queue time, `ts − waitSec`, when it carries `waitSec`, else at its own `ts`), so
 *   offered is never less than answered + abandoned; its queue time is unknown without
 *   `waitSec`, so it is then left out of service level and ASA. A `contact.queued` arriving
 *   after that (within CLOSED_MEMORY_MS) is not counted again and does not make it wait.
 * - A contact waiting since an earlier day and answered or abandoned today is offered today
 *   too (carried over), so today's offered also covers today's answers and abandons.
 * - An agent state older than the agent's last one is ignored.
 *
 * The panorama's events (tickets, outbound, SMS, IVR calls, shifts) are applied by their own
 * modules (tickets.ts, ivr-calls.ts, shifts.ts); those naming no queue count under CENTRE_KEY.
 */
import { DEFAULT_SOURCE, type AgentState, type CanonicalEvent, type ContactCompleted, type Media, type SeatType } from '../ingest/contract.js';
import type { CostChannel } from './config.js';
import { delta, zeroCounters, type CounterDelta, type Counters } from './counters.js';
import { dayOf } from './day.js';
import { noteSource } from './freshness.js';
import { applyIvrCall, forgetIvrCalls, pruneIvrCalls, type IvrCallState } from './ivr-calls.js';
import { customerHash, emptyRepeatMemory, forgetBefore, HOUR_MS, record, seenSince, type RepeatMemory } from './repeat-memory.js';
import { forgetShifts, noteShift, type Shift } from './shifts.js';
import { addAt, addToday, bucketOf, CENTRE_KEY, count, dropBucketsBefore, emptyTallies, isToday, tally, type Tallies } from './tally.js';
import { closeTicket, openTicket, type OpenTicket } from './tickets.js';

export interface QueueSettings {
  thresholdSec: number;
  shortAbandonSec: number;
  media: Media;
}

/** A channel's configured cost: per handled minute and per contact. */
export interface Rate {
  perMinute: number;
  perContact: number;
}

export interface PartitionSettings {
  centre: string;
  timezone: string;
  queues: Record<string, QueueSettings>;
  bucketMs: number;
  /** How far behind the newest event window buckets are kept (15 minutes plus one bucket). */
  horizonMs: number;
  staleContactMs: number;
  stalePortMs: number;
  costs: Record<CostChannel, Rate>;
  /** A completed contact is a repeat when its customer completed another this long before. */
  repeatWindowMs: number;
  /** Most customers the repeat memory holds. */
  maxCustomers: number;
}

export interface WaitingContact {
  queue: string;
  queuedAt: number;
  priority: number;
}

export interface Agent {
  state: AgentState;
  seatType: SeatType;
  skills: string[];
  ts: number;
}

export interface QueueReport {
  ts: number;
  waiting: number;
  longestWaitSec: number;
  agents: { staffed: number; available: number; onContact: number; acw: number; aux: number };
}

export interface IvrPort {
  state: string;
  /** Source time of the port's last event (its last activity). */
  ts: number;
  /** The call on it and the menu the caller is in, as the port or the call last said. */
  callId?: string;
  menu?: string;
}

export interface Fault {
  ts: number;
  component: string;
  severity: string;
}

export interface PartitionState extends Tallies {
  /** Newest source time applied: also when the centre last heard from any source (0: never). */
  watermark: number;
  /** Source name → newest event time from it (at most MAX_SOURCES). */
  sources: Map<string, number>;
  day: string;
  waiting: Map<string, WaitingContact>;
  /** Contacts answered/abandoned without being seen queued, remembered briefly (policy above). */
  closed: Map<string, number>;
  agents: Map<string, Agent>;
  /** queue (or CENTRE_KEY) → bucket start → counters; and today's totals (Tallies). */
  buckets: Map<string, Map<number, Counters>>;
  today: Map<string, Counters>;
  /** The same per skill: contacts answered and completed by agents reporting the skill. */
  skills: Tallies;
  /** Open work orders by ticket id (bounded, tickets.ts). */
  tickets: Map<string, OpenTicket>;
  /** Calls in the IVR or lately out of it (bounded, ivr-calls.ts); callers in it now, and their most on the state's day. */
  ivrCalls: Map<string, IvrCallState>;
  ivrNow: number;
  ivrPeak: number;
  /** Shifts by agent and start (bounded, shifts.ts). */
  shifts: Map<string, Shift>;
  /** Customers who completed contacts within the repeat window (bounded, repeat-memory.ts). */
  customers: RepeatMemory;
  /** Latest `queue.snapshot` per queue, for ACDs that only report statistics. */
  reports: Map<string, QueueReport>;
  ivrPorts: Map<string, IvrPort>;
  /** Times of each port's errors within the window horizon. */
  ivrErrors: Map<string, number[]>;
  faults: Fault[];
  /** Events applied, and how many were late (older than the window horizon). */
  applied: number;
  late: number;
}

const MAX_FAULTS = 500;
const CLOSED_MEMORY_MS = 15 * 60_000;

export function emptyPartition(): PartitionState {
  return {
    watermark: 0,
    sources: new Map(),
    day: '',
    waiting: new Map(),
    closed: new Map(),
    agents: new Map(),
    buckets: new Map(),
    today: new Map(),
    skills: emptyTallies(),
    tickets: new Map(),
    ivrCalls: new Map(),
    ivrNow: 0,
    ivrPeak: 0,
    shifts: new Map(),
    customers: emptyRepeatMemory(),
    reports: new Map(),
    ivrPorts: new Map(),
    ivrErrors: new Map(),
    faults: [],
    applied: 0,
    late: 0,
  };
}

export function applyEvent(state: PartitionState, event: CanonicalEvent, settings: PartitionSettings): void {
  state.applied++;
  if (event.ts > state.watermark) advanceWatermark(state, event.ts, settings);
  noteSource(state.sources, event.source ?? DEFAULT_SOURCE, event.ts);

  switch (event.type) {
    case 'contact.queued': {
      const current = state.waiting.get(event.contactId);
      if (current?.queue === event.queue) return; // a repeat of the same arrival
      if (current) {
        state.waiting.delete(event.contactId);
        count(state, settings, current.queue, event.ts, TRANSFERRED_OUT);
      }
      // Answered or abandoned already: it was offered then (see the policy above).
      if (state.closed.has(event.contactId)) {
        state.closed.delete(event.contactId);
        return;
      }
      count(state, settings, event.queue, event.ts, OFFERED);
      state.waiting.set(event.contactId, { queue: event.queue, queuedAt: event.ts, priority: event.priority ?? 0 });
      return;
    }
    case 'contact.answered':
    case 'contact.abandoned': {
      const waitSec = leaveQueue(state, settings, event.contactId, event.queue, event.ts, event.waitSec);
      const q = settings.queues[event.queue];
      const within = waitSec !== undefined && q !== undefined && waitSec <= q.thresholdSec ? 1 : 0;
      if (event.type === 'contact.answered') {
        const answered = zeroCounters();
        answered.answered = 1;
        answered.timedAnswered = waitSec === undefined ? 0 : 1;
        answered.answeredWithin = within;
        answered.waitSumSec = waitSec ?? 0;
        count(state, settings, event.queue, event.ts, answered);
        countSkills(state, settings, event.agentId, event.ts, answered);
      } else {
        const abandoned = zeroCounters();
        abandoned.abandoned = 1;
        abandoned.timedAbandoned = waitSec === undefined ? 0 : 1;
        abandoned.abandonedWithin = within;
        abandoned.shortAbandoned = waitSec !== undefined && q !== undefined && waitSec < q.shortAbandonSec ? 1 : 0;
        count(state, settings, event.queue, event.ts, abandoned);
      }
      return;
    }
    case 'contact.transferred': {
      const current = state.waiting.get(event.contactId);
      if (current?.queue === event.queue) state.waiting.delete(event.contactId);
      count(state, settings, event.queue, event.ts, TRANSFERRED_OUT);
      return;
    }
    case 'contact.completed': {
      const completed = completedDelta(state, settings, event);
      count(state, settings, event.queue, event.ts, completed);
      countSkills(state, settings, event.agentId, event.ts, completed);
      return;
    }
    case 'agent.state': {
      const previous = state.agents.get(event.agentId);
      if (previous && previous.ts > event.ts) return;
      state.agents.set(event.agentId, {
        state: event.state,
        seatType: event.seatType,
        skills: event.skills ?? previous?.skills ?? [],
        ts: event.ts,
      });
      return;
    }
    case 'queue.snapshot': {
      const previous = state.reports.get(event.queue);
      if (previous && previous.ts > event.ts) return;
      const a = event.agents;
      state.reports.set(event.queue, {
        ts: event.ts,
        waiting: event.waiting,
        longestWaitSec: event.longestWaitSec,
        agents: { staffed: a.staffed ?? 0, available: a.available ?? 0, onContact: a.onContact ?? 0, acw: a.acw ?? 0, aux: a.aux ?? 0 },
      });
      return;
    }
    case 'ivr.port': {
      const port: IvrPort = { state: event.state, ts: Math.max(event.ts, state.ivrPorts.get(event.port)?.ts ?? 0) };
      if (event.callId !== undefined) port.callId = event.callId;
      if (event.menu !== undefined) port.menu = event.menu;
      state.ivrPorts.set(event.port, port);
      if (event.state !== 'error') return;
      const errors = state.ivrErrors.get(event.port);
      if (errors) errors.push(event.ts);
      else state.ivrErrors.set(event.port, [event.ts]);
      return;
    }
    case 'system.fault':
      state.faults.push({ ts: event.ts, component: event.component, severity: event.severity });
      if (state.faults.length > MAX_FAULTS) state.faults.splice(0, state.faults.length - MAX_FAULTS);
      return;
    case 'ticket.created':
      openTicket(state, settings, event);
      return;
    case 'ticket.closed':
      closeTicket(state, settings, event);
      return;
    case 'outbound.attempt':
      count(state, settings, CENTRE_KEY, event.ts, OUTBOUND[event.result === 'connected' ? 1 : 0]![event.purpose === 'sales' ? 0 : 1]!);
      return;
    case 'sms.sent': {
      const proactive = event.purpose === 'proactive' || event.purpose === 'notice';
      count(state, settings, CENTRE_KEY, event.ts, proactive ? delta({ smsSent: 1, smsProactiveSent: 1, costedContacts: 1, cost: settings.costs.sms.perContact }) : SMS_SENT);
      return;
    }
    case 'sms.received':
      count(state, settings, CENTRE_KEY, event.ts, SMS_RECEIVED);
      return;
    case 'ivr.call':
      applyIvrCall(state, settings, event);
      return;
    case 'agent.shift':
      noteShift(state, event);
      return;
    // ticket.updated (work progressed) and source.heartbeat (freshness, above) move no figure.
  }
}

const OFFERED = delta({ offered: 1 });
const TRANSFERRED_OUT = delta({ transferredOut: 1 });
const SMS_SENT = delta({ smsSent: 1 });
const SMS_RECEIVED = delta({ smsReceived: 1 });
/** OUTBOUND[connected][proactive]: the deltas of an outbound attempt, made once. */
const OUTBOUND: CounterDelta[][] = [
  [delta({ outboundAttempts: 1 }), delta({ outboundAttempts: 1, proactiveServices: 1 })],
  [delta({ outboundAttempts: 1, outboundConnected: 1 }), delta({ outboundAttempts: 1, outboundConnected: 1, proactiveServices: 1 })],
];

/** completedDelta: handle time, FCR (stated and by repeat), direction and cost of a completed contact. */
function completedDelta(state: PartitionState, settings: PartitionSettings, event: ContactCompleted): CounterDelta {
  const handleSec = event.handleSec + (event.acwSec ?? 0);
  const media = settings.queues[event.queue]?.media;
  const rate = media === undefined ? undefined : settings.costs[media];
  let repeat = 0;
  if (event.customerId !== undefined) {
    const hash = customerHash(event.customerId);
    if (seenSince(state.customers, hash, Math.floor((event.ts - settings.repeatWindowMs) / HOUR_MS))) repeat = 1;
    record(state.customers, hash, Math.floor(event.ts / HOUR_MS), oldestCustomerHour(state, settings), settings.maxCustomers);
  }
  const d = zeroCounters();
  d.completed = 1;
  d.handleSumSec = handleSec;
  d.costedContacts = 1;
  d.cost = rate ? rate.perContact + (rate.perMinute * handleSec) / 60 : 0;
  d.resolvedKnown = event.resolved === undefined ? 0 : 1;
  d.resolved = event.resolved === true ? 1 : 0;
  d.outboundCompleted = event.direction === 'outbound' ? 1 : 0;
  d.customerContacts = event.customerId === undefined ? 0 : 1;
  d.repeatContacts = repeat;
  return d;
}

const oldestCustomerHour = (state: PartitionState, settings: PartitionSettings) => Math.floor((state.watermark - settings.repeatWindowMs) / HOUR_MS);

/**
 * Skill names come from events, not the config, so a centre tracks at most this many skills: past it a
 * new skill gets no scope (docs/metrics.md), and a feed naming random skills cannot grow the figures.
 */
export const MAX_SKILL_SCOPES = 64;

/** countSkills adds a contact's delta to each skill its agent reports (each once). */
function countSkills(state: PartitionState, settings: PartitionSettings, agentId: string, ts: number, delta: CounterDelta): void {
  const skills = state.agents.get(agentId)?.skills;
  if (!skills || skills.length === 0) return;
  const today = isToday(state, settings, ts);
  const bucket = bucketOf(state, settings, ts);
  for (let i = 0; i < skills.length; i++) {
    const skill = skills[i]!;
    if (skills.indexOf(skill) !== i) continue;
    const tracked = state.skills.today.has(skill) || state.skills.buckets.has(skill);
    if (tracked || Math.max(state.skills.today.size, state.skills.buckets.size) < MAX_SKILL_SCOPES) addAt(state.skills, skill, today, bucket, delta);
  }
}

/**
 * prunePartition drops, at the step's clock, what has had no news for too long: waiting contacts
 * and agents after staleContactMs (an agent who never logged out stops counting as staffed), IVR
 * ports after stalePortMs. The maps stay as large as the live workforce, not its history, even when
 * a centre falls silent. Tells whether anything went (the caller then checkpoints the centre).
 */
export function prunePartition(state: PartitionState, now: number, settings: PartitionSettings): boolean {
  const before = state.waiting.size + state.agents.size + state.ivrPorts.size;
  for (const [id, contact] of state.waiting) if (contact.queuedAt < now - settings.staleContactMs) state.waiting.delete(id);
  for (const [id, agent] of state.agents) if (agent.ts < now - settings.staleContactMs) state.agents.delete(id);
  for (const [port, p] of state.ivrPorts) if (p.ts < now - settings.stalePortMs) state.ivrPorts.delete(port);
  const callsWent = pruneIvrCalls(state, now - settings.staleContactMs);
  const shiftsWent = forgetShifts(state, now);
  return state.waiting.size + state.agents.size + state.ivrPorts.size < before || callsWent || shiftsWent;
}

/**
 * leaveQueue removes a contact answered or abandoned in `queue` from the waiting set, makes sure
 * it counts as offered there (policy above), and reports its queue time, if known.
 */
function leaveQueue(state: PartitionState, settings: PartitionSettings, contactId: string, queue: string, ts: number, reportedWaitSec?: number): number | undefined {
  const waiting = state.waiting.get(contactId);
  if (waiting) state.waiting.delete(contactId);
  else state.closed.set(contactId, ts);
  const waitSec = reportedWaitSec ?? (waiting ? Math.max(0, (ts - waiting.queuedAt) / 1000) : undefined);
  const alreadyOffered = waiting?.queue === queue;
  const offeredAt = alreadyOffered ? waiting.queuedAt : reportedWaitSec === undefined ? ts : ts - reportedWaitSec * 1000;
  // Offered at its queue time (late for the buckets is no late event: the answer itself is not).
  if (!alreadyOffered) tally(state, state, settings, queue, offeredAt, OFFERED);
  // Offered on an earlier day but answered or abandoned today: today's offered carries it over.
  const day = dayOf(ts, settings.timezone);
  if (day === state.day && dayOf(offeredAt, settings.timezone) !== day) addToday(state, queue, OFFERED);
  return waitSec;
}

/** advanceWatermark moves source time forward: a new day resets today, buckets and faults behind the horizon go. */
function advanceWatermark(state: PartitionState, ts: number, settings: PartitionSettings): void {
  const crossedBucket = Math.floor(ts / settings.bucketMs) !== Math.floor(state.watermark / settings.bucketMs);
  state.watermark = ts;
  const day = dayOf(ts, settings.timezone);
  if (day !== state.day) {
    state.day = day;
    state.today.clear();
    state.skills.today.clear();
    // Callers still in the IVR at midnight are today's first peak.
    state.ivrPeak = state.ivrNow;
  }
  if (!crossedBucket) return;
  const oldestBucket = ts - settings.horizonMs - settings.bucketMs;
  dropBucketsBefore(state, oldestBucket);
  dropBucketsBefore(state.skills, oldestBucket);
  for (const [id, at] of state.closed) if (at < ts - CLOSED_MEMORY_MS) state.closed.delete(id);
  forgetIvrCalls(state, ts);
  forgetBefore(state.customers, oldestCustomerHour(state, settings));
  const faultHorizon = ts - settings.horizonMs;
  for (const [port, times] of state.ivrErrors) {
    const kept = times.filter((t) => t >= faultHorizon);
    if (kept.length === 0) state.ivrErrors.delete(port);
    else state.ivrErrors.set(port, kept);
  }
  const firstKept = state.faults.findIndex((f) => f.ts >= faultHorizon);
  state.faults.splice(0, firstKept === -1 ? state.faults.length : firstKept);
}
