/**
 * Scenarios: what happens to one centre (the first in the config) on top of a normal day.
 * Both troubled scenarios repeat on a cycle measured from the start of the run, so a demo
 * sees the trouble within minutes and sees it clear again. A surge hits the live media
 * (calls, chats): mail piles up slowly whatever happens and would hide the recovery.
 *
 *   surge   arrivals  1.7× ─► 1.9× at 4 min ─► 1× at 6 min, each ramped over a minute  (40 min)
 *   outage  agents    on shift 3 min ─► 80 % disconnected for 4 min ─► back within 1 min  (12 min)
 *
 * The surge is paced for the default rules and a watching audience (docs/demo.md): the first
 * step overloads the voice queues at once, so their 5-minute service level falls through the
 * yellow, orange and red thresholds within minutes, one level at a time; the second keeps it
 * falling; the surge ends soon after red, before the queue collapses to black, and the calm
 * rest of the cycle lets the windows and the rules' clear times bring it back to normal
 * before the next wave. server/simulator/surge-demo.test.ts checks the minutes.
 */
import type { Media } from '../stages/ingest/contract.js';

export const SCENARIOS = ['normal', 'surge', 'outage'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

const MINUTE = 60_000;

/**
 * The surge profile: from `atMs` into each cycle the arrivals climb (over `rampMs`) to `factor`×
 * and hold it until the next step; the last step brings them back to 1×.
 */
export const SURGE = {
  cycleMs: 40 * MINUTE,
  rampMs: MINUTE,
  steps: [
    { atMs: 0, factor: 1.7 },
    { atMs: 4 * MINUTE, factor: 1.9 },
    { atMs: 6 * MINUTE, factor: 1 },
  ],
} as const;

/** The highest multiplier of the surge. */
export const SURGE_PEAK = Math.max(...SURGE.steps.map((s) => s.factor));

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
      maxArrivalFactor: (centre, media) => (surging(centre, media) ? SURGE_PEAK : 1),
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
  const { cycleMs, rampMs, steps } = SURGE;
  const phase = ((elapsedMs % cycleMs) + cycleMs) % cycleMs;
  let factor = 1;
  for (const step of steps) {
    if (phase < step.atMs) break;
    const ramped = Math.min(1, (phase - step.atMs) / rampMs);
    factor += (step.factor - factor) * ramped;
  }
  return factor;
}
