/**
 * The demo day: the built-in simulator of `surge start` plays a busy morning whenever it is
 * started. Only the simulator's own clock (demand curve, shift planner, scenario) is moved:
 * it runs as if the first centre's local time were DEMO_DAY_HOUR at start, while every event
 * it sends is stamped on the real clock (timewarp.ts), so ingest age checks, the sliding
 * windows, freshness, opening hours, history and the wall's clock all agree with the machine.
 * A quarter of an hour of normal traffic is played first (stamped in the past), so the screens
 * open on busy agents and full 15-minute windows rather than an empty hall (docs/demo.md).
 */
import { localHour } from './daily-curve.js';

/** The local time of day the demo day starts at: the morning peak. */
export const DEMO_DAY_HOUR = 10;
/** Normal traffic played before the start, so the demo opens mid-morning. */
export const DEMO_WARM_UP_SEC = 15 * 60;

/** demoDayStart is the simulated start for a run starting at `wallMs`: the same instant moved to DEMO_DAY_HOUR in `timeZone`. */
export function demoDayStart(wallMs: number, timeZone: string): number {
  return wallMs + Math.round((DEMO_DAY_HOUR - localHour(wallMs, timeZone)) * 3_600_000);
}

/** demoWarmUpSec keeps the warm-up's events inside what ingest accepts (`maxAgeSec`), with a minute to spare. */
export function demoWarmUpSec(maxAgeSec: number): number {
  return Math.max(0, Math.min(DEMO_WARM_UP_SEC, maxAgeSec - 60));
}
