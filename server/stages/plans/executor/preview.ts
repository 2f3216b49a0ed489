/**
 * `POST /v1/preview`: the plan preview of a step waiting for the dispatcher (`{ "step": key }`)
 * or of declaring a level (`{ "declare": { "centre", "level", "type"? } }`), from the committed
 * figures. The same function stores a preview on a step when the dispatcher approves it.
 */
import type { Config } from '../../../config/types.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { IncidentStore } from '../../incidents/store.js';
import type { MetricsByScope } from '../../metrics/types.js';
import { ALERT_LEVELS, DEFAULT_INCIDENT_TYPE, INCIDENT_TYPES, type AlertLevel, type IncidentType, type Level } from '../../rules/index.js';
import { previewActions, previewPlan, type StepPreview } from '../preview/index.js';
import { actionsFor, levelsToRun } from '../select.js';
import type { Plan } from '../types.js';
import type { ActiveSeat, SeatStore } from './seat-store.js';
import type { StepStore } from './steps.js';

export interface PreviewDeps {
  config: Config;
  plans: () => readonly Plan[];
  incidents: Pick<IncidentStore, 'get'>;
  steps: Pick<StepStore, 'get'>;
  seats: Pick<SeatStore, 'list'>;
  figures: () => Promise<MetricsByScope>;
  levels: () => Promise<Record<string, Level>>;
  clock: () => number;
}

/** previewOfStep previews one plan step by key; 404 when there is no such step or its plan changed. */
export async function previewOfStep(deps: PreviewDeps, key: string): Promise<StepPreview> {
  const step = await deps.steps.get(key);
  if (!step) throw new HttpError(404, `no plan step ${key}`);
  const incident = await deps.incidents.get(step.incidentId);
  if (!incident) throw new HttpError(404, `no incident ${step.incidentId}`);
  const action = actionsFor(deps.plans(), incident, step.level as AlertLevel).find((a) => a.key === key);
  if (!action) throw new HttpError(409, `plan step ${key} is no longer in its plan`);
  return preview(deps, [action], incident.centre);
}

/** previewIfAny: the step's preview, or undefined when it has none to give (unknown step or incident, plan changed). */
export function previewIfAny(deps: PreviewDeps, key: string): Promise<StepPreview | undefined> {
  return previewOfStep(deps, key).catch((err: unknown) => (err instanceof HttpError ? undefined : Promise.reject(err)));
}

/** previewOfDeclare previews declaring `level` at `centre`: the steps of every level up to it, as a declaration runs them. */
export async function previewOfDeclare(deps: PreviewDeps, body: unknown): Promise<StepPreview> {
  const d = (body ?? {}) as Record<string, unknown>;
  const centres = deps.config.centres.map((c) => c.id);
  if (typeof d.centre !== 'string' || !centres.includes(d.centre)) throw new HttpError(400, `declare.centre must be one of ${centres.join(', ')}`);
  if (typeof d.level !== 'string' || !(ALERT_LEVELS as readonly string[]).includes(d.level)) throw new HttpError(400, `declare.level must be one of ${ALERT_LEVELS.join(', ')}`);
  if (d.type !== undefined && (typeof d.type !== 'string' || !(INCIDENT_TYPES as readonly string[]).includes(d.type))) throw new HttpError(400, `declare.type must be one of ${INCIDENT_TYPES.join(', ')}`);
  const incident = { id: 'preview', type: (d.type as IncidentType | undefined) ?? DEFAULT_INCIDENT_TYPE, centre: d.centre };
  const actions = levelsToRun('normal', d.level as AlertLevel).start.flatMap((level) => actionsFor(deps.plans(), incident, level));
  return preview(deps, actions, d.centre);
}

/** What a preview is made from: the committed figures and levels, and the standby seats already active. */
export interface PreviewReads {
  metrics: MetricsByScope;
  levels: Record<string, Level>;
  seats: ActiveSeat[];
}

/** readForPreview reads what a preview is made from, in one round trip. */
export async function readForPreview(deps: Pick<PreviewDeps, 'figures' | 'levels' | 'seats'>): Promise<PreviewReads> {
  const [metrics, levels, seats] = await Promise.all([deps.figures(), deps.levels(), deps.seats.list()]);
  return { metrics, levels, seats };
}

/** previewFrom previews `actions` at `centre` from reads already made (a plan step's, which chooses from the same). */
export function previewFrom(deps: Pick<PreviewDeps, 'config' | 'clock'>, actions: Parameters<typeof previewActions>[0], centre: string, { metrics, levels, seats }: PreviewReads): StepPreview {
  const chosen = previewActions(actions, centre, { metrics, levels, config: deps.config, activeSeats: (c) => seats.filter((s) => s.centre === c).map((s) => s.person) });
  return { ...previewPlan(metrics, deps.config, centre, chosen.actions, deps.clock()), notModelled: chosen.notModelled };
}

async function preview(deps: PreviewDeps, actions: Parameters<typeof previewActions>[0], centre: string): Promise<StepPreview> {
  return previewFrom(deps, actions, centre, await readForPreview(deps));
}

/** declarePreviewIfAny: the preview of a declaration, or undefined when it has none to give (a network-wide one). */
export function declarePreviewIfAny(deps: PreviewDeps, declared: { centre: string; level: string; type: string }): Promise<StepPreview | undefined> {
  return previewOfDeclare(deps, declared).catch((err: unknown) => (err instanceof HttpError ? undefined : Promise.reject(err)));
}

/** previewRequest answers the route's body: exactly one of `step` and `declare`. */
export function previewRequest(deps: PreviewDeps, body: Record<string, unknown>): Promise<StepPreview> {
  if ((body.step === undefined) === (body.declare === undefined)) throw new HttpError(400, 'give exactly one of step (a plan step key) and declare ({ centre, level, type? })');
  if (body.step !== undefined) {
    if (typeof body.step !== 'string' || body.step === '' || body.step.length > 512) throw new HttpError(400, 'step must be a plan step key of 1 to 512 characters');
    return previewOfStep(deps, body.step);
  }
  return previewOfDeclare(deps, body.declare);
}
