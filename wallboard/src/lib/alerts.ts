/**
 * alerts decides when a tile flashes: a contact has waited longer than its queue allows. The limit
 * is the queue's service-level threshold times a multiplier by media (voice-like media flash at
 * 3× the threshold; written contacts at the threshold itself, which is already long).
 */
import type { ScopeMetrics, TopologyCentre, TopologyQueue } from './live/protocol.js';
import { queueScope } from './scopes.js';

export const LONG_WAIT_MULTIPLIER: Record<string, number> = {
  voice: 3,
  video: 3,
  chat: 2,
  sms: 1,
  social: 1,
  email: 1,
};

/** longWaitLimitSec: how long a contact of this queue may wait before its tile flashes. */
export function longWaitLimitSec(queue: TopologyQueue): number {
  return queue.serviceLevel.thresholdSec * (LONG_WAIT_MULTIPLIER[queue.media] ?? 1);
}

export interface LongWait {
  queue: TopologyQueue;
  waitSec: number;
  limitSec: number;
}

/** longWaits: the centre's queues whose longest wait is over the limit, worst (by ratio) first. */
export function longWaits(centre: TopologyCentre, scopes: Readonly<Record<string, ScopeMetrics>>): LongWait[] {
  const found: LongWait[] = [];
  for (const queue of centre.queues) {
    const m = scopes[queueScope(centre.id, queue.id)];
    if (m === undefined) continue;
    const limitSec = longWaitLimitSec(queue);
    if (limitSec > 0 && m.longestWaitSec > limitSec) found.push({ queue, waitSec: m.longestWaitSec, limitSec });
  }
  return found.sort((a, b) => b.waitSec / b.limitSec - a.waitSec / a.limitSec);
}
