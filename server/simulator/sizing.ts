/**
 * Sizing: how much traffic each queue gets and how many agents a centre puts on shift for it.
 * Peak loads are set per media; staffing follows them through Erlang C, as a workforce
 * planner would, so a normal day runs busy but near its service-level goal.
 */
import type { Media } from '../stages/ingest/contract.js';
import type { CentreConfig, QueueConfig } from '../config/topology.js';
import { requiredAgents } from '../stages/metrics/staffing/index.js';

// Erlangs each centre is offered at the daily peak per media, shared by that media's queues.
const PEAK_ERLANGS: Record<Media, number> = { voice: 48, video: 6, chat: 24, social: 6, sms: 6, email: 12 };

/** Share of staffed time lost to breaks, coaching and meetings, which staffing allows for. */
const AUX_SHARE = 0.05;

/** Agents put on shift beyond what Erlang C asks for. */
const STAFFING_BUFFER = 1;

/** A queue with the traffic the simulator gives it. */
export interface QueuePlan {
  centre: CentreConfig;
  queue: QueueConfig;
  /** Arrival rate at the daily peak with no scenario on top, contacts per second. */
  peakArrivalPerSec: number;
  /** Routing priority of its contacts: the shorter the service-level threshold, the higher. */
  priority: number;
}

/**
 * planQueues sizes every queue's peak traffic: the media's load split among its queues in a
 * centre (the first gets the biggest share), later centres a little smaller than the first so
 * the sites differ, everything times `load`.
 */
export function planQueues(centres: readonly CentreConfig[], load = 1): QueuePlan[] {
  return centres.flatMap((centre, index) => {
    const centreScale = 1 / (1 + 0.2 * index);
    return centre.queues.map((queue) => {
      const sameMedia = centre.queues.filter((q) => q.media === queue.media);
      const weight = (q: QueueConfig) => 1 / (sameMedia.indexOf(q) + 1);
      const share = weight(queue) / sameMedia.reduce((sum, q) => sum + weight(q), 0);
      const erlangs = PEAK_ERLANGS[queue.media] * share * centreScale * load;
      return { centre, queue, peakArrivalPerSec: erlangs / queue.defaultAhtSec, priority: priorityOf(queue) };
    });
  });
}

/** priorityOf ranks a queue's contacts for agents with several skills: voice before chat before email. */
export function priorityOf(queue: QueueConfig): number {
  const t = queue.serviceLevel.thresholdSec;
  return t <= 15 ? 3 : t <= 30 ? 2 : t <= 300 ? 1 : 0;
}

/** staffFor is how many agents to put on shift for a queue facing `arrivalPerSec`. */
export function staffFor(plan: QueuePlan, arrivalPerSec: number): number {
  const { defaultAhtSec, serviceLevel } = plan.queue;
  const erlangC = requiredAgents({
    arrivalPerSec,
    ahtSec: defaultAhtSec,
    target: Math.min(serviceLevel.target, 0.99),
    thresholdSec: serviceLevel.thresholdSec,
  });
  return Math.ceil((erlangC + STAFFING_BUFFER) / (1 - AUX_SHARE));
}
