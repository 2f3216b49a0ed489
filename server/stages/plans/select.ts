/**
 * Which plans run when an incident's level moves:
 *
 *   from → to ─► levelsToRun ─► levels to start (rising) / levels to undo (falling, highest first)
 *   each level ─► actionsFor(plans, incident, level) ─► PlannedAction[] with deterministic keys
 */
import type { Incident } from '../incidents/types.js';
import { ALERT_LEVELS, levelRank, type AlertLevel, type Level } from '../rules/index.js';
import type { Plan, PlannedAction } from './types.js';

/**
 * levelsToRun: rising, every level above `from` up to `to` starts, lowest first (straight to
 * black runs yellow, orange, red and black); falling, every level above `to` up to `from` is
 * undone, highest first. No move, no change.
 */
export function levelsToRun(from: Level, to: Level): { start: AlertLevel[]; undo: AlertLevel[] } {
  const between = (low: Level, high: Level) => ALERT_LEVELS.filter((l) => levelRank(l) > levelRank(low) && levelRank(l) <= levelRank(high));
  return { start: between(from, to), undo: between(to, from).reverse() };
}

/** planApplies: bound to this level, and the incident's type and centre are within the plan's (absent: any). */
export function planApplies(plan: Plan, incident: Pick<Incident, 'type' | 'centre'>, level: AlertLevel): boolean {
  return plan.level === level && (plan.type === null || plan.type === incident.type) && (plan.centres === null || plan.centres.includes(incident.centre));
}

/** actionsFor lists the actions of every plan that applies, in file order then action order. */
export function actionsFor(plans: readonly Plan[], incident: Pick<Incident, 'id' | 'type' | 'centre'>, level: AlertLevel): PlannedAction[] {
  return plans
    .filter((plan) => planApplies(plan, incident, level))
    .flatMap((plan) =>
      plan.actions.map(({ confirm, ...action }, index): PlannedAction => ({
        ...action,
        key: `${incident.id}:${level}:${plan.name}:${index}`,
        incidentId: incident.id,
        level,
        plan: plan.name,
        index,
        needsConfirmation: confirm,
        // A text message cannot be taken back; a banner follows its level at once (it moves no
        // traffic and calls nobody in); everything else (an IVR announcement too) is undone as the plan says.
        undo: action.kind === 'notify' || action.kind === 'remind' ? 'none' : action.kind === 'banner' ? 'auto' : plan.undo,
      })),
    );
}

/** inForce is the level an incident's plans follow: nothing once it is resolved. */
export function inForce(incident: Pick<Incident, 'state' | 'level'>): Level {
  return incident.state === 'resolved' ? 'normal' : incident.level;
}

/** scopeOf names the figures an incident is judged by: its centre, or everything. */
export function scopeOf(incident: Pick<Incident, 'centre'>): string {
  return incident.centre === 'all' ? 'all' : `centre:${incident.centre}`;
}

/**
 * levelsInForce is the rules' level of each scope, each open incident's scope raised to the incident's level in
 * force: a level the dispatcher declared or escalated to holds its centre there whatever its figures (the rules'
 * levels are what the figures say). What a plan weighs centres by (where to re-route, a preview).
 */
export function levelsInForce(levels: Readonly<Record<string, Level>>, open: readonly Pick<Incident, 'centre' | 'state' | 'level'>[]): Record<string, Level> {
  const out = { ...levels };
  for (const incident of open) {
    const scope = scopeOf(incident);
    const level = inForce(incident);
    if (levelRank(level) > levelRank(out[scope] ?? 'normal')) out[scope] = level;
  }
  return out;
}

/** PlanMove is one job a level move asks for: start an action, or undo one. */
export interface PlanMove {
  job: 'action' | 'undo';
  action: PlannedAction;
}

/**
 * planMoves lists the jobs an incident's move from level `from` to its level in force asks for:
 * every action of the levels passed on the way up, then the undoable actions of the levels left
 * on the way down.
 */
export function planMoves(plans: readonly Plan[], from: Level, incident: Pick<Incident, 'id' | 'type' | 'centre' | 'state' | 'level'>): PlanMove[] {
  const { start, undo } = levelsToRun(from, inForce(incident));
  return [
    ...start.flatMap((level) => actionsFor(plans, incident, level).map((action): PlanMove => ({ job: 'action', action }))),
    ...undo.flatMap((level) => actionsFor(plans, incident, level).filter((a) => a.undo !== 'none').map((action): PlanMove => ({ job: 'undo', action }))),
  ];
}
