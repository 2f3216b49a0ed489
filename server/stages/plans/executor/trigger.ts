/**
 * PlanTrigger turns incident level changes into plan jobs. Rising runs the plans of every
 * level passed, in order; falling undoes the levels left, highest first. Job ids are the
 * actions' deterministic keys, so whatever enqueues twice — a retry, a restart, a new
 * lease holder reconciling — a plan level runs at most once per incident.
 */
import type { Incident } from '../../incidents/types.js';
import { planMoves, type PlannedAction } from '../index.js';
import type { Level } from '../../rules/index.js';
import type { ExecutorDeps } from './deps.js';
import { jobId } from './jobs.js';

export class PlanTrigger {
  constructor(private readonly deps: Pick<ExecutorDeps, 'plans' | 'queue' | 'steps' | 'clock' | 'logger'>) {}

  /** incidentChanged is called after an incident change is committed. */
  async incidentChanged(from: Level, incident: Incident): Promise<void> {
    for (const { job, action } of planMoves(this.deps.plans(), from, incident)) {
      if (job === 'action') await this.start(action);
      else await this.deps.queue.add('undo', ref(action), { jobId: jobId('undo', action.key) });
    }
  }

  /** reconcile re-enqueues what open incidents should have run: covers a holder that died between commit and enqueue. */
  async reconcile(open: Incident[]): Promise<void> {
    for (const incident of open) await this.incidentChanged('normal', incident);
  }

  private async start(action: PlannedAction): Promise<void> {
    if (!(await this.deps.steps.get(action.key))) {
      await this.deps.steps.put({ ...ref(action), plan: action.plan, index: action.index, kind: action.kind, state: 'queued', detail: '', updatedAt: this.deps.clock() });
      this.deps.logger.info({ incident: action.incidentId, step: action.key, kind: action.kind }, 'plan step queued');
    }
    await this.deps.queue.add('action', ref(action), { jobId: jobId('action', action.key) });
  }
}

function ref(action: PlannedAction) {
  return { key: action.key, incidentId: action.incidentId, level: action.level };
}
