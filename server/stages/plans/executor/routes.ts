/** The plan executor's endpoints: plan steps (approve/cancel), routing in force, activated seats, staffing. */
import type { AuditLog } from '../../../platform/audit/log.js';
import type { Config } from '../../../config/types.js';
import { atLeast } from '../../../platform/http/auth.js';
import { HttpError } from '../../../platform/http/errors.js';
import { note } from '../../../platform/i18n/note.js';
import { queryInt, readJson, type RequestContext, type Route } from '../../../platform/http/request.js';
import type { MetricsByScope } from '../../metrics/types.js';
import { forecastAccuracy, staffingTable } from '../index.js';
import { jobId, type JobQueue } from './jobs.js';
import type { RoutingStore } from './routing-store.js';
import type { SeatStore } from './seat-store.js';
import type { NotificationStore } from './notifications.js';
import type { SilenceStore } from './silences.js';
import type { StepStore } from './steps.js';
import { stepsInForce } from './in-force.js';
import { previewIfAny, previewRequest, type PreviewDeps } from './preview.js';

export interface ExecutorRouteDeps extends PreviewDeps {
  config: Config;
  queue: JobQueue;
  steps: StepStore;
  routing: RoutingStore;
  seats: SeatStore;
  silences: SilenceStore;
  notifications: NotificationStore;
  audit: AuditLog;
  figures: () => Promise<MetricsByScope>;
  clock: () => number;
}

export function executorRoutes(deps: ExecutorRouteDeps): Route[] {
  const viewers = { roles: [...atLeast('display'), 'acd' as const] };
  return [
    ['get', '/v1/plan-steps', { roles: atLeast('display') }, (ctx) => planSteps(deps.steps, ctx)],
    ['post', '/v1/plan-steps/:key/:decision', { roles: atLeast('dispatcher'), maxBody: 16 * 1024 }, async (ctx) => {
      const [, , , rawKey = '', decision = ''] = ctx.url.split('/');
      const key = decodeURIComponent(rawKey);
      const reason = readJson(ctx).reason;
      if (typeof reason !== 'string' || reason.trim() === '') throw new HttpError(400, 'reason is required: say why');
      if (decision !== 'approve' && decision !== 'cancel') throw new HttpError(404, 'decision must be approve or cancel');
      const step = await deps.steps.get(key);
      if (!step) throw new HttpError(404, `no plan step ${key}`);
      const undo = step.state === 'awaiting undo confirmation';
      if (step.state !== 'awaiting confirmation' && !undo) throw new HttpError(409, `plan step ${key} is ${step.state}, not waiting for a decision`);
      const now = deps.clock();
      const who = ctx.principal!;
      if (decision === 'approve') {
        const name = undo ? 'undo' : 'action';
        // What the dispatcher was shown, kept with the step so the report can compare it with what followed.
        // A step whose plan changed has nothing to preview: the job marks it skipped, as before.
        if (!undo && (step.kind === 'reroute' || step.kind === 'activateSeats')) {
          const preview = await previewIfAny(deps, key);
          if (preview) await deps.steps.put({ ...step, preview });
        }
        await deps.queue.add(name, { key, incidentId: step.incidentId, level: step.level, approved: true }, { jobId: jobId(name, key, 'approved') });
      } else {
        await deps.steps.put({ ...step, state: undo ? 'done' : 'cancelled', detail: `${undo ? 'undo' : 'step'} cancelled by ${who.name}: ${reason}`, note: note(undo ? 'step.undoCancelled' : 'step.cancelled', { who: who.name, reason }), updatedAt: now });
      }
      await deps.audit.append({ at: now, who: who.name, role: who.role, action: `plan-step.${decision}${undo ? '-undo' : ''}`, target: key, reason });
      return { body: { step: await deps.steps.get(key) } };
    }],
    ['post', '/v1/preview', { roles: atLeast('dispatcher'), maxBody: 4 * 1024 }, async (ctx) => ({ body: { preview: await previewRequest(deps, readJson(ctx)) } })],
    ['get', '/v1/incidents/:id/in-force', { roles: atLeast('display') }, async (ctx) => ({ body: { inForce: stepsInForce(await deps.steps.list(decodeURIComponent(ctx.url.split('/')[3] ?? ''))) } })],
    ['get', '/v1/routing', viewers, async () => ({ body: { inForce: await deps.routing.inForce(), history: await deps.routing.history() } })],
    ['get', '/v1/seats', { roles: atLeast('display') }, async () => ({ body: { seats: await deps.seats.list() } })],
    ['get', '/v1/staffing', viewers, async () => {
      const figures = await deps.figures();
      return { body: { staffing: staffingTable(figures, deps.config), forecastAccuracy: forecastAccuracy(figures, deps.config) } };
    }],
    ['get', '/v1/silences', { roles: atLeast('display') }, async () => ({ body: { silences: await deps.silences.active(deps.clock()) } })],
    ['post', '/v1/silences', { roles: atLeast('dispatcher'), maxBody: 16 * 1024 }, async (ctx) => {
      const { scope, durationSec, reason } = readJson(ctx);
      if (typeof scope !== 'string') throw new HttpError(400, 'scope is required, e.g. centre:wuhan or centre:*');
      if (typeof durationSec !== 'number' || !Number.isInteger(durationSec) || durationSec < 60 || durationSec > 7 * 86400) throw new HttpError(400, 'durationSec must be a whole number of seconds from 60 to 604800');
      if (typeof reason !== 'string' || reason.trim() === '') throw new HttpError(400, 'reason is required: say why');
      const now = deps.clock();
      const who = ctx.principal!;
      const silence = await deps.silences.add({ scope, until: now + durationSec * 1000, reason: reason.trim(), by: who.name, createdAt: now });
      if (typeof silence === 'string') throw new HttpError(400, `scope ${silence}`);
      await deps.audit.append({ at: now, who: who.name, role: who.role, action: 'silence.add', target: scope, reason: reason.trim(), details: { until: silence.until, id: silence.id } });
      return { status: 201, body: { silence } };
    }],
    ['post', '/v1/silences/:id/expire', { roles: atLeast('dispatcher'), maxBody: 16 * 1024 }, async (ctx) => {
      const id = decodeURIComponent(ctx.url.split('/')[3] ?? '');
      const reason = readJson(ctx).reason;
      if (typeof reason !== 'string' || reason.trim() === '') throw new HttpError(400, 'reason is required: say why');
      const now = deps.clock();
      const silence = await deps.silences.expire(id, now);
      if (!silence) throw new HttpError(404, `no silence ${id}`);
      // Alerts held by it were told to look again when it would have ended: wake them now.
      for (const key of await deps.notifications.running()) {
        await deps.queue.add('notify', { key }, { jobId: jobId('notify', key, 'unsilenced', id) });
      }
      await deps.audit.append({ at: now, who: ctx.principal!.name, role: ctx.principal!.role, action: 'silence.expire', target: silence.scope, reason: reason.trim(), details: { id } });
      return { body: { silence } };
    }],
  ];
}

/**
 * planSteps answers `GET /v1/plan-steps`: `?incident=<id>` all of one incident's steps;
 * `?awaiting=1` the steps waiting for a decision; else a page, newest first — `limit` (50, at most
 * 500) and `cursor` (the `next` of the page before; null after the last).
 */
async function planSteps(steps: StepStore, ctx: RequestContext): Promise<{ body: object }> {
  const incident = ctx.query.get('incident');
  if (incident !== null) return { body: { steps: await steps.list(incident) } };
  if (ctx.query.get('awaiting') === '1') return { body: { steps: await steps.awaiting() } };
  try {
    return { body: await steps.page(queryInt(ctx, 'limit', 50, 1, 500), ctx.query.get('cursor') ?? undefined) };
  } catch (err) {
    if (err instanceof RangeError) throw new HttpError(400, err.message);
    throw err;
  }
}
