/**
 * StepStore records what became of every plan step (one PlannedAction, and its undo), for
 * the control screen and so a retried job reuses the choice it made the first time
 * (the same seats, the same routing) instead of choosing again.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';

export type StepState =
  | 'queued'
  | 'awaiting confirmation'
  | 'done'
  | 'skipped'
  | 'cancelled'
  | 'failed'
  | 'awaiting undo confirmation'
  | 'undone';

export interface Step {
  key: string;
  incidentId: string;
  level: string;
  plan: string;
  index: number;
  kind: string;
  state: StepState;
  /** What was done, or why not, in words for the dispatcher. */
  detail: string;
  updatedAt: number;
  /** The choice made (seats, routing…), reused by retries and by the undo. */
  choice?: object;
  /** Kept in force until then (epoch ms), as the dispatcher chose on resolving; undone then. */
  keptUntil?: number;
}

export class StepStore extends JsonHash<Step> {
  constructor(redis: Redis, keys: Keys) {
    super(redis, keys.planSteps(), (step) => step.key);
  }

  async list(incidentId?: string): Promise<Step[]> {
    const all = await this.values();
    return all.filter((s) => incidentId === undefined || s.incidentId === incidentId).sort((a, b) => a.updatedAt - b.updatedAt);
  }
}
