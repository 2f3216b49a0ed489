/**
 * What an incident's plans left in force (re-routes, standby seats), and what resolving does
 * with it: a dispatcher resolving such an incident says whether to undo it now or keep it
 * until a time, when it is undone by itself (the same delayed undo as a re-route's expiry).
 */
import type { Incident } from '../../incidents/types.js';
import type { InForceChoice, ResolveGuard } from '../../incidents/routes.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { AlertLevel } from '../../rules/index.js';
import { kept, undoAt } from './action-job.js';
import type { ExecutorDeps } from './deps.js';
import { jobId } from './jobs.js';
import type { Step } from './steps.js';

/** InForceStep: a plan step whose re-route or seats are still in force, for the dispatcher. */
export interface InForceStep {
  step: string;
  kind: 'reroute' | 'activateSeats';
  level: string;
  state: Step['state'];
  detail: string;
  note?: Step['note'];
  keptUntil: number | null;
}

const LASTING = ['reroute', 'activateSeats'];

/** stepsInForce: the steps that moved traffic or called seats in and are not undone yet. */
export function stepsInForce(steps: readonly Step[]): InForceStep[] {
  return steps
    .filter((s) => LASTING.includes(s.kind) && (s.state === 'done' || s.state === 'awaiting undo confirmation'))
    .map((s) => ({ step: s.key, kind: s.kind as InForceStep['kind'], level: s.level, state: s.state, detail: s.detail, ...(s.note ? { note: s.note } : {}), keptUntil: s.keptUntil ?? null }));
}

/**
 * resolveGuard: resolving with nothing in force just resolves. With something in force it needs a
 * choice (409 listing what is in force without one): `undo` resolves, then approves every undo;
 * `{keepUntil}` marks the steps kept (before resolving, so the undos resolving starts wait) and
 * schedules their undo for that time; should resolving then fail, they stay kept until then, as asked.
 */
export function resolveGuard(deps: Pick<ExecutorDeps, 'steps' | 'queue'>): ResolveGuard {
  return {
    async resolve(incidentId: string, choice: InForceChoice | undefined, resolve: () => Promise<Incident>, now: number) {
      const held = stepsInForce(await deps.steps.list(incidentId));
      if (held.length === 0) return resolve();
      if (choice === undefined) {
        const what = held.map((h) => `${h.kind === 'reroute' ? 're-route' : 'standby seats'} (${h.level}): ${h.detail}`).join('; ');
        throw new HttpError(409, `still in force: ${what}. Resolve again with inForce: "undo" (undo now) or {"keepUntil": <time>} (keep until then)`, undefined, { inForce: held });
      }
      const refs = held.map((h) => ({ key: h.step, incidentId, level: h.level as AlertLevel }));
      if (choice === 'undo') {
        const incident = await resolve();
        // The same id as the dispatcher approving the undo on the step: it runs once either way.
        for (const ref of refs) await deps.queue.add('undo', { ...ref, approved: true }, { jobId: jobId('undo', ref.key, 'approved') });
        return incident;
      }
      for (const ref of refs) {
        await deps.steps.update(ref.key, { state: 'done', keptUntil: choice.keepUntil, ...kept(choice.keepUntil), updatedAt: now });
        await undoAt(deps, ref, choice.keepUntil, 'kept', now);
      }
      return resolve();
    },
  };
}
