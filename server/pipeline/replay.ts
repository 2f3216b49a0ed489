/**
 * replay runs recorded events through `step` on the events' own clock, as the live pipeline
 * would have: what would these rules and plans have done with that traffic?
 *
 *   events ─► groups of equal ts ─► step at that ts
 *          ─► between groups (and after the last, up to `until`) a step with no events at every
 *             whole second, so `for` and `clear` durations and quiet periods run as live
 */
import type { Incident, TimelineEntry } from '../stages/incidents/types.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import type { Transition } from '../stages/rules/index.js';
import { initialState } from './state.js';
import { step, type PlanIntent, type StepContext, type StepResult } from './step.js';

export interface Replay {
  transitions: Transition[];
  /** Every incident opened, in its last version, with its whole timeline. */
  incidents: (Incident & { timeline: TimelineEntry[] })[];
  planIntents: PlanIntent[];
}

/** REPLAY_EPOCH is the epoch tag of replayed incident ids: INC-<day>-replay-0001. */
export const REPLAY_EPOCH = 'replay';
const TICK_MS = 1000;

/**
 * replay steps the events at or before `until`, in the order given, and the whole seconds up to
 * `until`; `onProgress` hears how much of the time from the first event to `until` is done.
 */
export function replay(events: readonly CanonicalEvent[], ctx: StepContext, until: number, onProgress?: (doneMs: number, totalMs: number) => void): Replay {
  const state = initialState(ctx.config, REPLAY_EPOCH);
  const out = new Collector();
  const first = events[0]?.ts ?? until;
  let last: number | undefined;
  const stepAt = (now: number, batch: CanonicalEvent[]) => {
    out.add(step(state, { events: batch, commands: [], now }, ctx));
    last = now;
    onProgress?.(now - first, until - first);
  };
  const tickBefore = (end: number) => {
    if (last === undefined) return;
    for (let now = Math.floor(last / TICK_MS) * TICK_MS + TICK_MS; now < end && now <= until; now += TICK_MS) stepAt(now, []);
  };
  for (const group of groupsByTs(events.filter((e) => e.ts <= until))) {
    tickBefore(group.ts);
    // An event older than the last step is applied late, as live: the clock never runs back.
    stepAt(Math.max(group.ts, last ?? group.ts), group.events);
  }
  tickBefore(Infinity);
  return out.result();
}

/** groupsByTs splits events into runs of equal `ts`, keeping their order. */
function groupsByTs(events: readonly CanonicalEvent[]): { ts: number; events: CanonicalEvent[] }[] {
  const groups: { ts: number; events: CanonicalEvent[] }[] = [];
  for (const event of events) {
    const current = groups.at(-1);
    if (current?.ts === event.ts) current.events.push(event);
    else groups.push({ ts: event.ts, events: [event] });
  }
  return groups;
}

/** Collector gathers the steps' transitions, incidents with their timelines, and plan intents. */
class Collector {
  private readonly transitions: Transition[] = [];
  private readonly incidents = new Map<string, Incident & { timeline: TimelineEntry[] }>();
  private readonly planIntents: PlanIntent[] = [];

  add(r: StepResult): void {
    this.transitions.push(...r.transitions);
    for (const incident of r.incidentChanges.incidents) this.incidents.set(incident.id, { ...incident, timeline: this.incidents.get(incident.id)?.timeline ?? [] });
    for (const { id, entry } of r.incidentChanges.timeline) this.incidents.get(id)?.timeline.push(entry);
    this.planIntents.push(...r.planIntents);
  }

  result(): Replay {
    return { transitions: this.transitions, incidents: [...this.incidents.values()], planIntents: this.planIntents };
  }
}
