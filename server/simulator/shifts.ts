/**
 * The shift planner: every quarter hour each centre puts on shift, per queue, the agents
 * Erlang C asks for at the forecast rate of the coming quarter hour. Staffing follows the
 * daily curve, not the scenario: surges and outages are the unforecast trouble the
 * contingency plans exist for.
 *
 * Each plan is published as the schedule of the coming quarter hour (`agent.shift` from now to
 * the next plan, for every agent on it), the way a workforce tool publishes intraday intervals.
 * A few scheduled agents never come (sick, late): the schedule names them too, so attendance
 * (scheduled agents who are staffed) runs a little under 100 %, and agents an outage throws
 * out stay scheduled while it lasts.
 */
import type { SeatType } from '../stages/ingest/contract.js';
import { release, scheduleLogIn } from './agents.js';
import { staffFor, type QueuePlan } from './sizing.js';
import type { CentreState, SimAgent, World } from './world.js';

/** How often staffing is replanned. */
const PLAN_EVERY_MS = 15 * 60_000;

/** Agents joining a shift log in within this long of the plan. */
const LOGIN_SPREAD_MS = 60_000;

/** Each centre's share of scheduled agents who do not come, drawn once per run. */
const ABSENCE: [number, number] = [0.03, 0.08];

/** Who a centre has scheduled for the current quarter hour. */
type Scheduled = { agentId: string; seatType: SeatType }[];

/**
 * startShifts logs the first shift in at once and replans every quarter hour; `forecast`
 * is a queue's expected arrival rate (contacts per second) at a time.
 */
export function startShifts(world: World, plans: readonly QueuePlan[], forecast: (plan: QueuePlan, t: number) => number): void {
  const absence = new Map([...world.centres.keys()].map((id) => [id, world.aside.uniform(...ABSENCE)]));
  const schedules = new Map<string, Scheduled>();
  const replan = (spreadMs: number): void => {
    for (const centre of world.centres.values()) {
      // An outage leaves the centre alone, and its schedule as it was.
      if (!centre.suspended) {
        for (const plan of plans) {
          if (plan.centre.id !== centre.id) continue;
          const target = staffFor(plan, forecast(plan, world.now + PLAN_EVERY_MS / 2));
          staffGroup(world, centre, plan.queue.id, target, spreadMs);
        }
        schedules.set(centre.id, scheduleOf(centre, absence.get(centre.id) ?? 0));
      }
      publish(world, centre.id, schedules.get(centre.id) ?? []);
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

// scheduleOf lists the agents on shift and, numbered after the roster, those who will not come.
function scheduleOf(centre: CentreState, absence: number): Scheduled {
  const coming = centre.agents.filter((a) => a.onShift && !a.leaving).map((a) => ({ agentId: a.id, seatType: a.seatType }));
  const absent = Math.round((coming.length * absence) / (1 - absence));
  const missing = Array.from({ length: absent }, (_, i) => ({
    agentId: `${centre.id}-${String(centre.agents.length + i + 1).padStart(3, '0')}`,
    seatType: 'onsite' as const,
  }));
  return [...coming, ...missing];
}

function publish(world: World, centreId: string, schedule: Scheduled): void {
  const end = world.now + PLAN_EVERY_MS;
  for (const { agentId, seatType } of schedule) world.emit({ type: 'agent.shift', centre: centreId, agentId, start: world.now, end, seatType });
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
