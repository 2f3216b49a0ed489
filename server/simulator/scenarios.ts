/**
 * Scenarios: what happens to one centre (the first in the config) on top of a normal day.
 * Both troubled scenarios repeat on a cycle measured from the start of the run, so a demo
 * sees the trouble within minutes and sees it clear again. A surge hits the live media
 * (calls, chats): mail piles up slowly whatever happens and would hide the recovery.
 *
 *   surge   arrivals 1× 2 min ─╱ ramp 4 min ╲─ 2× for 6 min ─╲ ramp 4 min ╱─ 1× 24 min  (40 min)
 *   outage  agents   on shift 3 min ─► 80 % disconnected for 4 min ─► back within 1 min  (12 min)
 *
 * The surge is sized for the default rules: a doubling walks the centre up through the levels
 * within minutes, and 24 calm minutes let the 15-minute windows and the rules' clear times
 * bring it back to normal and resolve the incident before the next wave. A 4× peak on a short
 * cycle jumped straight to black and never came back down.
 */
import type { Media } from '../stages/ingest/contract.js';

export const SCENARIOS = ['normal', 'surge', 'outage'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

const MINUTE = 60_000;

/** The surge profile: `peak`× arrivals at the height of each cycle. */
export const SURGE = { peak: 2, cycleMs: 40 * MINUTE, calmMs: 2 * MINUTE, rampMs: 4 * MINUTE, holdMs: 6 * MINUTE };

/** Media whose contacts surge: those a customer expects answered while they wait. */
export const SURGING_MEDIA: ReadonlySet<Media> = new Set(['voice', 'video', 'chat', 'social']);

/** The outage profile: `share` of the agents on shift drop out for `lastsMs` every cycle. */
export const OUTAGE = { cycleMs: 12 * MINUTE, firstAfterMs: 3 * MINUTE, lastsMs: 4 * MINUTE, share: 0.8 };

/** A scenario bound to a run: its troubled centre and the arrival multiplier over time. */
export interface Scenario {
  name: ScenarioName;
  /** The centre the scenario happens to; undefined for `normal`. */
  centre: string | undefined;
  /** Multiplier on the arrival rate of a centre's queues of `media` at time t. */
  arrivalFactor(centre: string, media: Media, t: number): number;
  /** The largest arrivalFactor those queues will ever see (arrivals are drawn against it). */
  maxArrivalFactor(centre: string, media: Media): number;
  /** Outage windows of the troubled centre, when the scenario has them. */
  outage?: { firstAt: number; everyMs: number; lastsMs: number; share: number };
}

/** createScenario binds a scenario to the run's centres and start time. */
export function createScenario(name: ScenarioName, centres: readonly string[], startMs: number): Scenario {
  const troubled = name === 'normal' ? undefined : centres[0];
  const base = { name, centre: troubled };
  if (name === 'surge') {
    const surging = (centre: string, media: Media) => centre === troubled && SURGING_MEDIA.has(media);
    return {
      ...base,
      arrivalFactor: (centre, media, t) => (surging(centre, media) ? surgeFactor(t - startMs) : 1),
      maxArrivalFactor: (centre, media) => (surging(centre, media) ? SURGE.peak : 1),
    };
  }
  const steady = { ...base, arrivalFactor: () => 1, maxArrivalFactor: () => 1 };
  if (name === 'outage') {
    const { cycleMs: everyMs, firstAfterMs, lastsMs, share } = OUTAGE;
    return { ...steady, outage: { firstAt: startMs + firstAfterMs, everyMs, lastsMs, share } };
  }
  return steady;
}

/** surgeFactor is the arrival multiplier `elapsedMs` into the run. */
export function surgeFactor(elapsedMs: number): number {
  const { peak, cycleMs, calmMs, rampMs, holdMs } = SURGE;
  const phase = ((elapsedMs % cycleMs) + cycleMs) % cycleMs;
  const upEnd = calmMs + rampMs;
  const holdEnd = upEnd + holdMs;
  const downEnd = holdEnd + rampMs;
  if (phase < calmMs || phase >= downEnd) return 1;
  if (phase < upEnd) return 1 + ((peak - 1) * (phase - calmMs)) / rampMs;
  if (phase < holdEnd) return peak;
  return peak - ((peak - 1) * (phase - holdEnd)) / rampMs;
}
