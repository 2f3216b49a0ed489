/**
 * step is the pipeline, pure (docs/pipeline.md): one batch of stream events and dispatcher
 * commands in, everything to commit and announce out. The live runner and `surge replay --rules`
 * run this same function, so a back-test is the live behaviour.
 *
 *   events ─► engine ─► prune at now ─► commands (act, declare) ─► figures ─► forecast levels ─► evaluateRules
 *          ─► early warnings marked ─► applyTransitions
 *          ─► plan intents for every incident whose level in force moved ─► live messages
 *
 * Deterministic: the same state, input and context give the same result. Only the engine is
 * changed in place; the rest of the state is replaced.
 */
import type { Config } from '../config/types.js';
import type { AuditEntry } from '../platform/audit/log.js';
import type { Envelope } from '../stages/incidents/commands.js';
import { applyTransitions, mergeOpen } from '../stages/incidents/lifecycle.js';
import type { Incident, IncidentChanges } from '../stages/incidents/types.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { annotateLevels, markPredicted } from '../stages/metrics/forecast/index.js';
import type { CentreRollUp } from '../stages/metrics/engine.js';
import { capSilence } from '../stages/metrics/freshness.js';
import type { MetricsByScope } from '../stages/metrics/types.js';
import { inForce, planMoves, type Plan } from '../stages/plans/index.js';
import type { LiveMessage } from '../stages/push/messages.js';
import { evaluateRules, scopeLevels, type AlertLevel, type Level, type Rule, type Transition } from '../stages/rules/index.js';
import { carryOutCommands, type Reply } from './commands.js';
import { IncidentIds } from './incident-ids.js';
import type { PipelineState } from './state.js';

export interface StepInput {
  /** Taken once, in order (the runner's are parsed as they are taken). */
  events: Iterable<CanonicalEvent>;
  /** The stream id of the last event per centre, when the events came from the stream. */
  positions?: Record<string, string>;
  commands: Envelope[];
  now: number;
  /** The roll-up partition's input: the other partitions' committed parts of the scopes across centres. */
  parts?: CentreRollUp[];
}

export interface StepContext {
  config: Pick<Config, 'centres' | 'metrics' | 'incidents'>;
  rules: readonly Rule[];
  plans: readonly Plan[];
  /**
   * Whether this step figures the scopes across centres (`all`, `media:<media>`, `region:<region>`) from its own
   * centres and `parts`: true (the default) for the whole pipeline and the roll-up partition, false for a
   * partition owning one centre, whose parts the roll-up partition combines.
   */
  rollUp?: boolean;
}

/** PlanIntent is one plan job to enqueue: start (`action`) or undo the action `key` of an incident's level. */
export interface PlanIntent {
  job: 'action' | 'undo';
  key: string;
  incidentId: string;
  level: AlertLevel;
}

export interface StepResult {
  /** The same object, advanced. */
  state: PipelineState;
  figures: MetricsByScope;
  transitions: Transition[];
  /** The changed incidents (latest version, once each) and their new timeline lines. */
  incidentChanges: IncidentChanges;
  planIntents: PlanIntent[];
  /** One per command, in order. */
  replies: Reply[];
  /** One per command carried out. */
  audit: AuditEntry[];
  /** `levels` when scope levels changed, `incidents` (the full open list) when incidents changed. */
  liveMessages: LiveMessage[];
  /** Centres whose engine state lost contacts, agents or ports without news: recovery must redo that (the runner marks it). */
  pruned: string[];
  /** What this step's own centres add to the scopes across centres (committed by a centre partition). */
  parts: CentreRollUp[];
}

export function step(state: PipelineState, input: StepInput, ctx: StepContext): StepResult {
  const { now } = input;
  for (const event of input.events) state.engine.apply(event);
  const pruned = state.engine.prune(now);
  const before = new Map(state.open.map((i) => [i.id, inForce(i)]));
  const ids = new IncidentIds(state.incidentSeq, state.epochTag, now);

  const commanded = carryOutCommands(state.open, input.commands, ids);
  const watchingSince = state.watchingSince ?? now;
  const own = state.engine.centreScopes(now);
  const across = ctx.rollUp === false ? {} : state.engine.rollUp([...own.parts, ...(input.parts ?? [])], now);
  const figures = capSilence({ ...own.figures, ...across }, now - watchingSince);
  annotateLevels(ctx.rules, figures);
  const evaluated = evaluateRules(ctx.rules, figures, state.rules, now);
  const { state: rules } = evaluated;
  const transitions = markPredicted(ctx.rules, evaluated.transitions, figures);
  const ruled = applyTransitions({ open: commanded.open, transitions, now, quietMs: ctx.config.incidents.quietPeriodSec * 1000, newId: () => ids.next() });
  const incidentChanges = latestOf([commanded.changes, ruled]);
  const planIntents = incidentChanges.incidents.flatMap((incident) => intentsFor(ctx.plans, before.get(incident.id) ?? 'normal', incident));

  const levels = scopeLevels(rules);
  const open = mergeOpen(commanded.open, ruled.incidents);
  const liveMessages: LiveMessage[] = [];
  if (!sameLevels(levels, state.levels)) liveMessages.push({ type: 'levels', asOf: now, levels });
  if (incidentChanges.incidents.length > 0) liveMessages.push({ type: 'incidents', asOf: now, incidents: open });

  Object.assign(state, { rules, open, levels, watchingSince, incidentSeq: ids.last, positions: { ...state.positions, ...input.positions } });
  return { state, figures, transitions, incidentChanges, planIntents, replies: commanded.replies, audit: commanded.audit, liveMessages, pruned, parts: own.parts };
}

/** latestOf joins the changes of a step: each incident once, in its latest version, in the order first changed. */
function latestOf(parts: IncidentChanges[]): IncidentChanges {
  const byId = new Map<string, Incident>();
  for (const incident of parts.flatMap((p) => p.incidents)) byId.set(incident.id, incident);
  return { incidents: [...byId.values()], timeline: parts.flatMap((p) => p.timeline) };
}

/** intentsFor turns an incident's move of the level in force into plan jobs (resolved counts as normal). */
function intentsFor(plans: readonly Plan[], from: Level, incident: Incident): PlanIntent[] {
  return planMoves(plans, from, incident).map(({ job, action }) => ({ job, key: action.key, incidentId: action.incidentId, level: action.level }));
}

function sameLevels(a: Record<string, Level>, b: Record<string, Level>): boolean {
  const scopes = Object.keys(a);
  return scopes.length === Object.keys(b).length && scopes.every((scope) => a[scope] === b[scope]);
}
