/**
 * OutboxRelay hands the plan intents a commit left in the outbox to the job queue:
 *
 *   LRANGE outbox ─► 'action': step record 'queued' (if absent) ─► queue.add(jobId = step key) ─► LREM
 *
 * An intent leaves the outbox only once it is enqueued. A crash in between repeats the add on
 * the next relay, which the deterministic job id makes harmless; a failure is retried after
 * the next step, never only logged.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/log/log.js';
import type { Keys } from '../platform/redis/keys.js';
import type { IncidentStore } from '../stages/incidents/store.js';
import { actionsFor, type Plan } from '../stages/plans/index.js';
import { jobId, type JobQueue } from '../stages/plans/executor/jobs.js';
import type { StepStore } from '../stages/plans/executor/steps.js';
import type { PlanIntent } from './step.js';

export interface OutboxDeps {
  redis: Redis;
  keys: Keys;
  queue: JobQueue;
  steps: StepStore;
  incidents: IncidentStore;
  plans: () => readonly Plan[];
  clock: () => number;
  logger: Logger;
}

export class OutboxRelay {
  constructor(private readonly deps: OutboxDeps) {}

  /**
   * relay moves every waiting intent to the queue: the steps of one commit go out side by side,
   * each step's intents oldest first. A failure stops that step's intents; the rest wait for the next call.
   */
  async relay(): Promise<number> {
    const { redis, keys } = this.deps;
    const texts = await redis.lrange(keys.outbox(), 0, -1);
    const byStep = new Map<string, { text: string; intent: PlanIntent }[]>();
    for (const text of texts) {
      const intent = JSON.parse(text) as PlanIntent;
      byStep.set(intent.key, [...(byStep.get(intent.key) ?? []), { text, intent }]);
    }
    const results = await Promise.allSettled(
      [...byStep.values()].map(async (intents) => {
        for (const { text, intent } of intents) await this.relayOne(text, intent);
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return texts.length;
  }

  private async relayOne(text: string, intent: PlanIntent): Promise<void> {
    const { redis, keys, queue } = this.deps;
    if (intent.job === 'action') await this.recordQueued(intent);
    await queue.add(intent.job, { key: intent.key, incidentId: intent.incidentId, level: intent.level }, { jobId: jobId(intent.job, intent.key) });
    await redis.lrem(keys.outbox(), 1, text);
  }

  /** recordQueued shows the step on the control screen before its job runs (once: a retry keeps what the job wrote). */
  private async recordQueued(intent: PlanIntent): Promise<void> {
    // Read together: this is the path of an alert's first SMS (a retry, whose step exists, reads the incident for nothing).
    const [step, incident] = await Promise.all([this.deps.steps.get(intent.key), this.deps.incidents.get(intent.incidentId)]);
    if (step) return;
    const action = incident && actionsFor(this.deps.plans(), incident, intent.level).find((a) => a.key === intent.key);
    // The plan changed since the step decided: the job itself will say it was skipped.
    if (!action) return;
    await this.deps.steps.put({ key: action.key, incidentId: action.incidentId, level: action.level, plan: action.plan, index: action.index, kind: action.kind, state: 'queued', detail: '', updatedAt: this.deps.clock() });
    this.deps.logger.info({ incident: action.incidentId, step: action.key, kind: action.kind }, 'plan step queued');
  }
}
