/** When coalesced figures go to screens: at a commit near the slot, one push an interval on average. */
import { describe, expect, it } from 'vitest';
import { PushSchedule } from './push-schedule.js';

/** run feeds commits at the given instants through a schedule as the hub does (a timer at the slot when the commit is early) and returns the pushes: when, and the last commit they carried. */
function run(commits: number[], intervalMs = 250, earlyMs = 100): { at: number; carried: number }[] {
  const schedule = new PushSchedule(intervalMs, earlyMs);
  const pushes: { at: number; carried: number }[] = [];
  let timer: number | undefined;
  let pending: number | undefined;
  const push = (at: number) => {
    pushes.push({ at, carried: pending! });
    schedule.pushed(at);
    pending = timer = undefined;
  };
  for (const commit of commits) {
    if (timer !== undefined && timer <= commit) push(timer);
    pending = commit;
    const wait = schedule.wait(commit);
    if (wait === 0) push(commit);
    else timer ??= commit + wait;
  }
  if (timer !== undefined) push(timer);
  return pushes;
}

describe('push schedule', () => {
  it('pushes at the commits near each slot, four a second over time, so each carries figures as fresh as its step', () => {
    const commits = Array.from({ length: 100 }, (_, i) => 1_000 + i * 100); // a step every 100 ms for 10 s
    const pushes = run(commits);
    expect(pushes.length).toBeGreaterThanOrEqual(39);
    expect(pushes.length).toBeLessThanOrEqual(41);
    for (const p of pushes) expect(p.at - p.carried).toBe(0);
    // Each push at the first commit within 100 ms of its slot: 200 or 300 ms apart, never the interval's 250.
    const gaps = pushes.slice(1).map((p, i) => p.at - pushes[i]!.at);
    expect(new Set(gaps)).toEqual(new Set([200, 300]));
  });

  it('without a commit near the slot, pushes at the slot what is pending', () => {
    // Steps every 200 ms: the commit at 600 comes 150 ms before the slot of 750, too early to go with it.
    expect(run([0, 200, 400, 600, 800])).toEqual([
      { at: 0, carried: 0 },
      { at: 200, carried: 200 },
      { at: 400, carried: 400 },
      { at: 750, carried: 600 },
      { at: 1_000, carried: 800 },
    ]);
  });

  it('after a quiet spell, the next commit goes at once and the slots start from it', () => {
    const pushes = run([0, 5_000, 5_060, 5_200]);
    expect(pushes.map((p) => p.at)).toEqual([0, 5_000, 5_200]);
    expect(pushes.map((p) => p.carried)).toEqual([0, 5_000, 5_200]);
  });

  it('a commit too early waits for its slot, carried with any later commit before it', () => {
    const pushes = run([0, 20, 60, 140, 600]);
    expect(pushes).toEqual([
      { at: 0, carried: 0 },
      { at: 250, carried: 140 },
      { at: 600, carried: 600 },
    ]);
  });
});
