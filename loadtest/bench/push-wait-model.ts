/**
 * push-wait-model: how long the push schedule alone makes an event wait for a screen, on a virtual clock.
 * Events arrive at random instants; each is in the first commit after it arrives and on screen at the first push
 * after that commit, as `PushSchedule` (the hub's own class) and the hub's timer decide. No server, no I/O: what a
 * push interval leaves of event → screen's 300 ms before the step, the commit and the delivery take their share.
 *
 *   npx tsx loadtest/bench/push-wait-model.ts
 *
 * The commit gaps are the 36 traced at the hub under the screen scenario's load on 2026-12-06 (docs/performance.md).
 */
import { PushSchedule } from '../../server/stages/push/push-schedule.js';

const TRACED_GAPS_MS = [31, 76, 81, 137, 171, 104, 181, 171, 99, 128, 63, 97, 111, 46, 56, 96, 60, 82, 168, 295, 54, 171, 147, 139, 102, 86, 90, 95, 96, 75, 111, 117, 88, 109, 90, 105];
const SPAN_MS = 600_000;
const EVENTS = 100_000;

// A seeded generator, so every run prints the same figures.
let seed = 1;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/** firstAtOrAfter: the first of the sorted `times` at or after `t`. */
function firstAtOrAfter(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return times[lo]!;
}

function model(intervalMs: number, earlyMs: number, gap: () => number): string {
  const schedule = new PushSchedule(intervalMs, earlyMs);
  const commits: number[] = [];
  for (let t = gap(); t < SPAN_MS; t += gap()) commits.push(t);
  const pushes: number[] = [];
  let timer: number | undefined;
  for (const commit of commits) {
    if (timer !== undefined && timer <= commit) {
      pushes.push(timer);
      schedule.pushed(timer);
      timer = undefined;
    }
    const wait = schedule.wait(commit);
    if (wait > 0) timer ??= commit + wait;
    else {
      pushes.push(commit);
      schedule.pushed(commit);
      timer = undefined;
    }
  }
  const waits = Array.from({ length: EVENTS }, () => {
    const arrival = 1000 + random() * (SPAN_MS - 3000);
    return firstAtOrAfter(pushes, firstAtOrAfter(commits, arrival)) - arrival;
  }).sort((a, b) => a - b);
  const at = (p: number) => Math.round(waits[Math.floor(p * EVENTS)]!);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ${(pushes.length / (SPAN_MS / 1000)).toFixed(2)} pushes/s`;
}

const traced = () => TRACED_GAPS_MS[Math.floor(random() * TRACED_GAPS_MS.length)]!;
const regular = () => 95 + random() * 10;
console.log(`interval 250 ms, window 100 ms, traced commit gaps: ${model(250, 100, traced)}`);
console.log(`interval 250 ms, window 125 ms, traced commit gaps: ${model(250, 125, traced)}`);
console.log(`interval 250 ms, window 150 ms, traced commit gaps: ${model(250, 150, traced)}`);
console.log(`interval 250 ms, window 100 ms, commits every 95-105 ms: ${model(250, 100, regular)}`);
console.log(`interval 200 ms, window 100 ms, traced commit gaps: ${model(200, 100, traced)}`);
