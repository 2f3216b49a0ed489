/** The levels, incidents, rules and audit endpoints. */
import type { AuditLog } from '../../platform/audit/log.js';
import type { Config } from '../../config/types.js';
import { atLeast } from '../../platform/http/auth.js';
import { HttpError } from '../../platform/http/errors.js';
import { readJson, type RequestContext, type Route } from '../../platform/http/request.js';
import { INCIDENT_TYPES, LEVELS, type IncidentType, type Level } from '../rules/index.js';
import type { RuleSet } from '../rules/watcher.js';
import type { Principal } from '../../platform/http/auth.js';
import { NoOwnerError, type Answer, type IncidentCommand, type IncidentCommands } from './commands.js';
import type { DispatcherAction } from './lifecycle.js';
import type { IncidentStore } from './store.js';
import type { Incident } from './types.js';
import type { StepPreview } from './plan-preview.js';

const ACTIONS: DispatcherAction[] = ['ack', 'escalate', 'deescalate', 'release', 'resolve'];
const MAX_TEXT = 2000;
/** How far ahead a dispatcher may keep re-routes and seats in force after resolving. */
const MAX_KEEP_MS = 7 * 86_400_000;

/** InForceChoice: what resolving does with re-routes and seats still in force — undo now, or keep until a time (epoch ms). */
export type InForceChoice = 'undo' | { keepUntil: number };

/** ResolveGuard settles what an incident's plans left in force before it is resolved (the plan executor). */
export interface ResolveGuard {
  /** resolve calls `resolve` when nothing is in force or a choice says what to do with it; else throws a 409 listing it. */
  resolve(incidentId: string, choice: InForceChoice | undefined, resolve: () => Promise<Incident>, now: number): Promise<Incident>;
}

export interface IncidentRouteDeps {
  config: Config;
  commands: IncidentCommands;
  store: IncidentStore;
  rules: RuleSet;
  audit: AuditLog;
  /** The levels in force, as last committed by the lease holder. */
  levels: () => Promise<Record<string, Level>>;
  /** Resolving asks about re-routes and seats in force (absent: it just resolves). */
  resolveGuard?: ResolveGuard;
  /** The plan preview of declaring a level (what the control screen showed), kept on the incident (absent: none). */
  declarePreview?: (declared: { centre: string; level: Level; type: IncidentType }) => Promise<StepPreview | undefined>;
  clock?: () => number;
}

export function incidentRoutes(deps: IncidentRouteDeps): Route[] {
  const { commands, store, rules, audit, config } = deps;
  const clock = deps.clock ?? Date.now;
  const viewers = { roles: atLeast('display') };
  const dispatchers = { roles: atLeast('dispatcher'), maxBody: 16 * 1024 };
  const centres = new Set(['all', ...config.centres.map((c) => c.id)]);

  return [
    ['get', '/v1/levels', viewers, async () => ({ body: { levels: await deps.levels(), rules: rules.status } })],
    ['get', '/v1/rules', viewers, () => ({ body: rules.status })],
    ['get', '/v1/incidents', viewers, async (ctx) => {
      const state = ctx.query.get('state') ?? 'open';
      if (!['open', 'all'].includes(state)) throw new HttpError(400, 'state must be open or all');
      const limit = clampInt(ctx.query.get('limit'), 100, 1, 1000);
      return { body: { incidents: state === 'open' ? await store.openIncidents() : await store.list(limit) } };
    }],
    ['get', '/v1/incidents/:id', viewers, async (ctx) => {
      const id = segment(ctx, 3);
      const incident = await store.get(id);
      if (!incident) throw new HttpError(404, `no incident ${id}`);
      return { body: { incident, timeline: await store.timeline(id) } };
    }],
    ['post', '/v1/incidents', dispatchers, async (ctx) => {
      const body = readJson(ctx);
      const type = oneOf(body.type, INCIDENT_TYPES, 'type') as IncidentType;
      const level = oneOf(body.level, LEVELS.slice(1), 'level') as Level;
      if (typeof body.centre !== 'string' || !centres.has(body.centre)) throw new HttpError(400, `centre must be one of ${[...centres].join(', ')}`);
      const note = text(body.note, 'note');
      const preview = await deps.declarePreview?.({ centre: body.centre, level, type });
      const incident = answered(await send(commands, ctx.principal!, { kind: 'declare', type, centre: body.centre, level, note, ...(preview ? { preview } : {}) }, clock()));
      return { status: 201, body: { incident } };
    }],
    ['post', '/v1/incidents/:id/:action', dispatchers, async (ctx) => {
      const id = segment(ctx, 3);
      const action = oneOf(segment(ctx, 4), ACTIONS, 'action') as DispatcherAction;
      const body = readJson(ctx);
      const reason = text(body.reason, 'reason');
      const now = clock();
      const act = async () => answered(await send(commands, ctx.principal!, { kind: 'act', id, action, reason }, now));
      if (action !== 'resolve' || !deps.resolveGuard) return { body: { incident: await act() } };
      const choice = inForceChoice(body.inForce, now);
      const incident = await deps.resolveGuard.resolve(id, choice, act, now);
      if (choice !== undefined) {
        const who = ctx.principal!;
        await audit.append({ at: now, who: who.name, role: who.role, action: 'incident.resolve.in-force', target: id, reason, details: { inForce: choice } });
      }
      return { body: { incident } };
    }],
    ['get', '/v1/audit', { roles: ['admin'] }, async (ctx) => ({ body: { entries: await audit.recent(clampInt(ctx.query.get('limit'), 200, 1, 5000)) } })],
  ];
}

async function send(commands: IncidentCommands, who: Principal, command: IncidentCommand, at: number): Promise<Answer> {
  try {
    return await commands.send(who, command, at);
  } catch (err) {
    if (err instanceof NoOwnerError) throw new HttpError(503, err.message);
    throw err;
  }
}

function answered(answer: Answer): Incident {
  if (!answer.ok) throw new HttpError(answer.status, answer.error);
  return answer.incident;
}

function segment(ctx: RequestContext, index: number): string {
  return decodeURIComponent(ctx.url.split('/')[index] ?? '');
}

function oneOf(value: unknown, allowed: readonly string[], name: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) throw new HttpError(400, `${name} must be one of ${allowed.join(', ')}`);
  return value;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw new HttpError(400, `${name} is required: say why`);
  if (value.length > MAX_TEXT) throw new HttpError(400, `${name} must be at most ${MAX_TEXT} characters`);
  return value.trim();
}

/** inForceChoice reads `inForce`: absent, "undo", or {keepUntil} as epoch ms or an ISO 8601 time, in the next 7 days. */
function inForceChoice(value: unknown, now: number): InForceChoice | undefined {
  if (value === undefined || value === 'undo') return value;
  const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).keepUntil : undefined;
  const at = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : NaN;
  if (!Number.isFinite(at)) throw new HttpError(400, 'inForce must be "undo" or {"keepUntil": <epoch ms or ISO 8601 time>}');
  if (at <= now || at > now + MAX_KEEP_MS) throw new HttpError(400, 'inForce.keepUntil must be in the future and at most 7 days ahead');
  return { keepUntil: at };
}

function clampInt(value: string | null, fallback: number, min: number, max: number): number {
  const n = value === null ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `limit must be a whole number from ${min} to ${max}`);
  return n;
}
