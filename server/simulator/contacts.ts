/**
 * Contacts: Poisson arrivals per queue, queueing, and abandonment when a customer's patience
 * runs out first.
 *
 *   arrival ─► (voice: sometimes an IVR port first) ─► contact.queued ─┬─► contact.answered (agents.ts)
 *                                                                     └─► contact.abandoned ─► (callback ticket)
 *
 * Arrival rates vary with the time of day and the scenario, so arrivals are drawn by thinning:
 * candidates come at the highest rate the queue can see and each is kept with probability
 * rate(t) / maximum, which gives exactly a Poisson process with rate(t).
 */
import type { Media } from '../stages/ingest/contract.js';
import { answer } from './agents.js';
import { routeViaIvr } from './ivr.js';
import { pickAgent } from './routing.js';
import type { QueuePlan } from './sizing.js';
import { openCallbackTicket } from './tickets.js';
import type { Waiting, World } from './world.js';

// Mean patience: callers hang up within a few minutes, chat users a little later, mail hardly ever.
const PATIENCE_MEAN_SEC: Record<Media, number> = {
  voice: 150,
  video: 150,
  chat: 240,
  social: 900,
  sms: 3600,
  email: 2 * 86_400,
};

/** startArrivals keeps contacts coming into one queue at `rate(t)` contacts per second (≤ maxRate). */
export function startArrivals(world: World, plan: QueuePlan, rate: (t: number) => number, maxRate: number): void {
  if (!(maxRate > 0)) return;
  const candidate = (): void => {
    world.after(world.random.exponential(1000 / maxRate), () => {
      if (world.random.chance(rate(world.now) / maxRate)) arrive(world, plan);
      candidate();
    });
  };
  candidate();
}

function arrive(world: World, plan: QueuePlan): void {
  const contactId = world.nextContactId();
  const live = plan.queue.media === 'voice';
  if (live && routeViaIvr(world, world.centre(plan.centre.id), contactId, () => enqueue(world, plan, contactId))) return;
  enqueue(world, plan, contactId);
}

function enqueue(world: World, plan: QueuePlan, contactId: string): void {
  const centre = world.centre(plan.centre.id);
  const queue = centre.queues.get(plan.queue.id);
  if (!queue) throw new Error(`simulator: queue ${plan.queue.id} missing in ${centre.id}`);
  world.emit({
    type: 'contact.queued',
    centre: centre.id,
    contactId,
    queue: plan.queue.id,
    media: plan.queue.media,
    priority: plan.priority,
  });
  const contact: Waiting = { contactId, queuedAt: world.now, state: 'waiting' };
  queue.waiting.push(contact);
  const agent = pickAgent(centre, plan.queue.id);
  if (agent) return answer(world, agent, queue, contact);

  world.after(world.random.exponential(PATIENCE_MEAN_SEC[plan.queue.media] * 1000), () => {
    if (contact.state !== 'waiting') return;
    queue.waiting.splice(queue.waiting.indexOf(contact), 1);
    contact.state = 'abandoned';
    world.emit({
      type: 'contact.abandoned',
      centre: centre.id,
      contactId,
      queue: plan.queue.id,
      waitSec: (world.now - contact.queuedAt) / 1000,
    });
    openCallbackTicket(world, centre, plan.queue.id);
  });
}
