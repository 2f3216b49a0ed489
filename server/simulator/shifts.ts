/**
 * The shift planner: every quarter hour each centre puts on shift, per queue, the agents
 * Erlang C asks for at the forecast rate of the coming quarter hour. Staffing follows the
 * daily curve, not the scenario: surges and outages are the unforecast trouble the
 * contingency plans exist for.
 */
import { release, scheduleLogIn } from './agents.js';
import { staffFor, type QueuePlan } from './sizing.js';
import type { CentreState, SimAgent, World } from './world.js';

/** How often staffing is replanned. */
const PLAN_EVERY_MS = 15 * 60_000;

/** Agents joining a shift log in within this long of the plan. */
const LOGIN_SPREAD_MS = 60_000;

/**
 * startShifts logs the first shift in at once and replans every quarter hour; `forecast`
 * is a queue's expected arrival rate (contacts per second) at a time.
 */
export function startShifts(world: World, plans: readonly QueuePlan[], forecast: (plan: QueuePlan, t: number) => number): void {
  const replan = (spreadMs: number): void => {
    for (const centre of world.centres.values()) {
      if (centre.suspended) continue;
      for (const plan of plans) {
        if (plan.centre.id !== centre.id) continue;
        const target = staffFor(plan, forecast(plan, world.now + PLAN_EVERY_MS / 2));
        staffGroup(world, centre, plan.queue.id, target, spreadMs);
      }
    }
  };
  replan(0);
  const tick = (): void => {
    world.after(PLAN_EVERY_MS, () => {
      replan(LOGIN_SPREAD_MS);
      tick();
    });
  };
  tick();
}

function staffGroup(world: World, centre: CentreState, group: string, target: number, spreadMs: number): void {
  const members = centre.agents.filter((a) => a.group === group);
  const onShift = members.filter((a) => a.onShift && !a.leaving);
  if (onShift.length < target) {
    // Longest off shift first, so the same few agents do not work round the clock.
    const rested = members.filter((a) => !a.onShift).sort((a, b) => a.since - b.since);
    for (const agent of rested.slice(0, target - onShift.length)) {
      scheduleLogIn(world, agent, world.random.uniform(0, spreadMs), 'shift start');
    }
  } else if (onShift.length > target) {
    // Idle agents go first, then those who started earliest.
    const idle = (a: SimAgent) => (a.state === 'available' || a.state === 'aux' ? 0 : 1);
    const goers = onShift.sort((a, b) => idle(a) - idle(b) || a.shiftStart - b.shiftStart);
    for (const agent of goers.slice(0, onShift.length - target)) release(world, agent);
  }
}
