/**
 * Routing, as an ACD does it: a new contact goes to the agent idle longest among those with
 * its skill; a freed agent takes the most urgent contact among its skills, the longest
 * waiting one first within the same priority.
 */
import type { CentreState, QueueState, SimAgent, Waiting } from './world.js';

/** A waiting contact and the queue it waits in. */
export type NextContact = { queue: QueueState; contact: Waiting };

/** pickAgent chooses who answers a new contact of `queueId`, if anyone is free. */
export function pickAgent(centre: CentreState, queueId: string): SimAgent | undefined {
  let best: SimAgent | undefined;
  for (const agent of centre.agents) {
    if (agent.state !== 'available' || agent.leaving || !agent.skills.includes(queueId)) continue;
    if (!best || agent.since < best.since) best = agent;
  }
  return best;
}

/** pickContact chooses the contact a freed agent takes next, if any is waiting for its skills. */
export function pickContact(centre: CentreState, agent: SimAgent): NextContact | undefined {
  let best: NextContact | undefined;
  for (const skill of agent.skills) {
    const queue = centre.queues.get(skill);
    // Abandoned contacts leave the list at once, so the head is the oldest still waiting.
    const head = queue?.waiting[0];
    if (!queue || !head) continue;
    const candidate = { queue, contact: head };
    if (!best || outranks(candidate, best)) best = candidate;
  }
  return best;
}

function outranks(a: NextContact, b: NextContact): boolean {
  const [pa, pb] = [a.queue.plan.priority, b.queue.plan.priority];
  return pa > pb || (pa === pb && a.contact.queuedAt < b.contact.queuedAt);
}
