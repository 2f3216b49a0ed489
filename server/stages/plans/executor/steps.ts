/**
 * StepStore records what became of every plan step (one PlannedAction, and its undo), for
 * the control screen and so a retried job reuses the choice it made the first time
 * (the same seats, the same routing) instead of choosing again.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';

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

export class StepStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(key: string): Promise<Step | undefined> {
    const text = await this.redis.hget(this.keys.planSteps(), key);
    return text === null ? undefined : (JSON.parse(text) as Step);
  }

  async put(step: Step): Promise<void> {
    await this.redis.hset(this.keys.planSteps(), step.key, JSON.stringify(step));
  }

  async update(key: string, change: Partial<Step>): Promise<Step | undefined> {
    const step = await this.get(key);
    if (!step) return undefined;
    const next = { ...step, ...change };
    await this.put(next);
    return next;
  }

  async list(incidentId?: string): Promise<Step[]> {
    const all = (await this.redis.hvals(this.keys.planSteps())).map((t) => JSON.parse(t) as Step);
    return all.filter((s) => incidentId === undefined || s.incidentId === incidentId).sort((a, b) => a.updatedAt - b.updatedAt);
  }
}
