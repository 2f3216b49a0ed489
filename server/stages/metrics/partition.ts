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
 * - An answer or abandon for a contact never seen queued is counted, but its queue time
 *   is unknown, so it is left out of service level and ASA (unless it carries `waitSec`).
 * - A `contact.queued` arriving after that contact's answer/abandon counts as offered but
 *   does not make it wait. An agent state older than the agent's last one is ignored.
 */
import { DEFAULT_SOURCE, type AgentState, type CanonicalEvent, type SeatType } from '../ingest/contract.js';
import { addDelta, zeroCounters, type CounterDelta, type Counters } from './counters.js';
import { dayOf } from './day.js';
import { noteSource } from './freshness.js';

export interface QueueSettings {
  thresholdSec: number;
  shortAbandonSec: number;
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
  /** Source time of the port's last event. */
  ts: number;
}

export interface Fault {
  ts: number;
  component: string;
  severity: string;
}

export interface PartitionState {
  /** Newest source time applied: also when the centre last heard from any source (0: never). */
  watermark: number;
  /** Source name → newest event time from it (at most MAX_SOURCES). */
  sources: Map<string, number>;
  day: string;
  waiting: Map<string, WaitingContact>;
  /** Contacts answered/abandoned without being seen queued, remembered briefly (policy above). */
  closed: Map<string, number>;
  agents: Map<string, Agent>;
  /** queue → bucket start → counters. */
  buckets: Map<string, Map<number, Counters>>;
  today: Map<string, Counters>;
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
        count(state, settings, current.queue, event.ts, { transferredOut: 1 });
      }
      count(state, settings, event.queue, event.ts, { offered: 1 });
      if (state.closed.has(event.contactId)) state.closed.delete(event.contactId);
      else state.waiting.set(event.contactId, { queue: event.queue, queuedAt: event.ts, priority: event.priority ?? 0 });
      return;
    }
    case 'contact.answered':
    case 'contact.abandoned': {
      const waitSec = leaveQueue(state, event.contactId, event.ts, event.waitSec);
      const q = settings.queues[event.queue];
      const within = waitSec !== undefined && q !== undefined && waitSec <= q.thresholdSec ? 1 : 0;
      if (event.type === 'contact.answered') {
        const timed = waitSec === undefined ? {} : { timedAnswered: 1, answeredWithin: within, waitSumSec: waitSec };
        count(state, settings, event.queue, event.ts, { answered: 1, ...timed });
      } else {
        const short = waitSec !== undefined && q !== undefined && waitSec < q.shortAbandonSec ? 1 : 0;
        const timed = waitSec === undefined ? {} : { timedAbandoned: 1, abandonedWithin: within, shortAbandoned: short };
        count(state, settings, event.queue, event.ts, { abandoned: 1, ...timed });
      }
      return;
    }
    case 'contact.transferred': {
      const current = state.waiting.get(event.contactId);
      if (current?.queue === event.queue) state.waiting.delete(event.contactId);
      count(state, settings, event.queue, event.ts, { transferredOut: 1 });
      return;
    }
    case 'contact.completed':
      count(state, settings, event.queue, event.ts, { completed: 1, handleSumSec: event.handleSec + (event.acwSec ?? 0) });
      return;
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
      state.ivrPorts.set(event.port, { state: event.state, ts: Math.max(event.ts, state.ivrPorts.get(event.port)?.ts ?? 0) });
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
  return state.waiting.size + state.agents.size + state.ivrPorts.size < before;
}

/** leaveQueue removes a contact from the waiting set and reports its queue time, if known. */
function leaveQueue(state: PartitionState, contactId: string, ts: number, reportedWaitSec?: number): number | undefined {
  const waiting = state.waiting.get(contactId);
  if (waiting) state.waiting.delete(contactId);
  else state.closed.set(contactId, ts);
  if (reportedWaitSec !== undefined) return reportedWaitSec;
  return waiting ? Math.max(0, (ts - waiting.queuedAt) / 1000) : undefined;
}

function count(state: PartitionState, settings: PartitionSettings, queue: string, ts: number, delta: CounterDelta): void {
  const day = dayOf(ts, settings.timezone);
  if (day === state.day) addDelta(getOrCreate(state.today, queue), delta);
  if (ts < state.watermark - settings.horizonMs) {
    state.late++;
    return;
  }
  const start = ts - (ts % settings.bucketMs);
  let buckets = state.buckets.get(queue);
  if (!buckets) state.buckets.set(queue, (buckets = new Map()));
  let counters = buckets.get(start);
  if (!counters) buckets.set(start, (counters = zeroCounters()));
  addDelta(counters, delta);
}

function getOrCreate(map: Map<string, Counters>, queue: string): Counters {
  let counters = map.get(queue);
  if (!counters) map.set(queue, (counters = zeroCounters()));
  return counters;
}

/** advanceWatermark moves source time forward: a new day resets today, buckets and faults behind the horizon go. */
function advanceWatermark(state: PartitionState, ts: number, settings: PartitionSettings): void {
  const crossedBucket = Math.floor(ts / settings.bucketMs) !== Math.floor(state.watermark / settings.bucketMs);
  state.watermark = ts;
  const day = dayOf(ts, settings.timezone);
  if (day !== state.day) {
    state.day = day;
    state.today.clear();
  }
  if (!crossedBucket) return;
  const oldestBucket = ts - settings.horizonMs - settings.bucketMs;
  for (const buckets of state.buckets.values()) {
    for (const start of buckets.keys()) if (start < oldestBucket) buckets.delete(start);
  }
  for (const [id, at] of state.closed) if (at < ts - CLOSED_MEMORY_MS) state.closed.delete(id);
  const faultHorizon = ts - settings.horizonMs;
  for (const [port, times] of state.ivrErrors) {
    const kept = times.filter((t) => t >= faultHorizon);
    if (kept.length === 0) state.ivrErrors.delete(port);
    else state.ivrErrors.set(port, kept);
  }
  const firstKept = state.faults.findIndex((f) => f.ts >= faultHorizon);
  state.faults.splice(0, firstKept === -1 ? state.faults.length : firstKept);
}
