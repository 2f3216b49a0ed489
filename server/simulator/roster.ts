/**
 * The roster: every agent a centre employs, enough for its busiest hour. Each agent is hired
 * for one queue, some also take a second queue of the same kind, and sits at an on-site,
 * home or phone/IM seat. Backup seats are standby capacity that contingency plans switch on,
 * so the roster has none.
 */
import type { Media, SeatType } from '../stages/ingest/contract.js';
import type { Random } from './random.js';
import { staffFor, type QueuePlan } from './sizing.js';
import type { SimAgent } from './world.js';

const SEAT_TYPES: [SeatType, number][] = [
  ['onsite', 0.78],
  ['home', 0.16],
  ['phone_im', 0.06],
];

/** Share of agents trained on a second queue. */
const SECOND_SKILL = 0.25;

/** Off-shift agents kept beyond the peak staffing of each queue (sickness, swaps). */
const SPARE = 2;

// Queues whose contacts an agent can switch between: live conversation or written text.
const FAMILY: Record<Media, 'live' | 'text'> = {
  voice: 'live',
  video: 'live',
  chat: 'text',
  social: 'text',
  sms: 'text',
  email: 'text',
};

/** buildRoster creates a centre's agents, all logged out, numbered `<centre>-001` onwards. */
export function buildRoster(plans: readonly QueuePlan[], random: Random, startMs: number): SimAgent[] {
  const agents: SimAgent[] = [];
  for (const plan of plans) {
    const size = staffFor(plan, plan.peakArrivalPerSec) + SPARE;
    const kin = plans.filter((p) => p !== plan && FAMILY[p.queue.media] === FAMILY[plan.queue.media]);
    for (let i = 0; i < size; i++) {
      const second = kin.length > 0 && random.chance(SECOND_SKILL) ? random.weighted(kin.map((p) => [p, 1] as const)) : undefined;
      agents.push({
        id: `${plan.centre.id}-${String(agents.length + 1).padStart(3, '0')}`,
        centre: plan.centre.id,
        group: plan.queue.id,
        skills: second ? [plan.queue.id, second.queue.id] : [plan.queue.id],
        seatType: random.weighted(SEAT_TYPES),
        state: 'logged_out',
        since: startMs,
        onShift: false,
        leaving: false,
        shiftStart: startMs,
        token: 0,
      });
    }
  }
  return agents;
}
