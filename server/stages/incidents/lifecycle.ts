/**
 * The incident lifecycle, pure: rule transitions and dispatcher actions in, changed
 * incidents and timeline lines out.
 *
 *   transition (scope rises from normal) ─► open incident for (centre, type)
 *   transitions ─► scopes' levels ─► rule level ─┐
 *   dispatcher: declare / escalate / deescalate ─┴► level in force ─► normal for the quiet period ─► resolved
 */
import { highestLevel, LEVELS, levelRank, type IncidentType, type Level, type Transition } from '../rules/index.js';
import type { Incident, IncidentChanges, PredictedRise, TimelineEntry } from './types.js';

/** centreOf names the centre a scope belongs to; network-wide scopes (regions included: they span centres) belong to `all`. */
export function centreOf(scope: string): string {
  const match = /^(?:centre:([^/]+)|(?:queue|media|skill):([^/]+)\/.+)$/.exec(scope);
  return match?.[1] ?? match?.[2] ?? 'all';
}

export interface TransitionsInput {
  open: Incident[];
  transitions: Transition[];
  now: number;
  quietMs: number;
  newId: () => string;
}

/** applyTransitions folds rule transitions into the open incidents and resolves the quiet ones. */
export function applyTransitions({ open, transitions, now, quietMs, newId }: TransitionsInput): IncidentChanges {
  const byKey = new Map(open.filter((i) => i.state === 'open').map((i) => [`${i.centre}|${i.type}`, clone(i)]));
  const changed = new Set<Incident>();
  const timeline: IncidentChanges['timeline'] = [];
  for (const t of transitions) {
    const key = `${centreOf(t.scope)}|${t.type}`;
    let incident = byKey.get(key);
    if (!incident) {
      if (t.to === 'normal') continue;
      incident = blank(newId(), centreOf(t.scope), t.type, now);
      byKey.set(key, incident);
      timeline.push({ id: incident.id, entry: { at: t.at, kind: 'opened', to: t.to, scope: t.scope, rule: t.rule } });
    }
    const pair = `${t.rule}@${t.scope}`;
    if (t.to === 'normal') delete incident.pairs[pair];
    else incident.pairs[pair] = t.to;
    incident.scopes = scopeLevels(incident.pairs);
    incident.predicted = predictionAfter(incident.predicted ?? null, t);
    timeline.push({ id: incident.id, entry: { at: t.at, kind: 'scope', scope: t.scope, rule: t.rule, from: t.from, to: t.to, condition: t.condition, values: t.values, ...(t.predicted ? { predicted: t.predicted } : {}) } });
    incident.ruleLevel = highestLevel(Object.values(incident.pairs));
    incident.updatedAt = now;
    changed.add(incident);
  }
  for (const incident of byKey.values()) if (settle(incident, now, timeline)) changed.add(incident);
  for (const incident of byKey.values()) {
    if (incident.state === 'open' && incident.quietSince !== null && now - incident.quietSince >= quietMs) {
      incident.state = 'resolved';
      incident.resolvedAt = now;
      incident.updatedAt = now;
      timeline.push({ id: incident.id, entry: { at: now, kind: 'resolved', reason: `quiet for ${Math.round(quietMs / 1000)}s` } });
      changed.add(incident);
    }
  }
  return { incidents: [...changed], timeline };
}

/**
 * predictionAfter is what an incident predicts after a transition: an early-warning rise sets it;
 * a rise on actual figures replaces it (the trouble is here, no longer coming); the warning's own
 * pair falling back withdraws it.
 */
function predictionAfter(current: PredictedRise | null, t: Transition): PredictedRise | null {
  if (levelRank(t.to) > levelRank(t.from)) return t.predicted ? { ...t.predicted, scope: t.scope, rule: t.rule, at: t.at } : null;
  if (current && t.to === 'normal' && current.rule === t.rule && current.scope === t.scope) return null;
  return current;
}

/** scopeLevels gives each scope the highest level its rules (of this incident's type) hold. */
function scopeLevels(pairs: Record<string, Level>): Record<string, Level> {
  const out: Record<string, Level> = {};
  for (const [pair, level] of Object.entries(pairs)) {
    const scope = pair.slice(pair.indexOf('@') + 1);
    out[scope] = highestLevel([level, out[scope] ?? 'normal']);
  }
  return out;
}

/** settle recomputes the level in force, records a change, and starts or stops the quiet period. */
function settle(incident: Incident, now: number, timeline: IncidentChanges['timeline']): boolean {
  const level = incident.heldLevel ?? incident.ruleLevel;
  let changed = false;
  if (level !== incident.level) {
    timeline.push({ id: incident.id, entry: { at: now, kind: 'level', from: incident.level, to: level } });
    incident.level = level;
    if (levelRank(level) > levelRank(incident.peakLevel)) incident.peakLevel = level;
    changed = true;
  }
  const quiet = level === 'normal' ? (incident.quietSince ?? now) : null;
  if (quiet !== incident.quietSince) {
    incident.quietSince = quiet;
    changed = true;
  }
  if (changed) incident.updatedAt = now;
  return changed;
}

function blank(id: string, centre: string, type: IncidentType, now: number): Incident {
  return {
    id,
    centre,
    type,
    state: 'open',
    level: 'normal',
    ruleLevel: 'normal',
    heldLevel: null,
    peakLevel: 'normal',
    scopes: {},
    pairs: {},
    openedAt: now,
    updatedAt: now,
    quietSince: null,
    resolvedAt: null,
    acknowledged: null,
    declaredBy: null,
    note: null,
    predicted: null,
  };
}

function clone(incident: Incident): Incident {
  return { ...incident, scopes: { ...incident.scopes }, pairs: { ...incident.pairs } };
}

export type DispatcherAction = 'ack' | 'escalate' | 'deescalate' | 'release' | 'resolve';

/** ActionError: the action does not fit the incident's state (answered 409). */
export class ActionError extends Error {}

/** NotFound: no open incident has the id a command names (answered 404). */
export class NotFound extends Error {}

/** mergeOpen folds changed incidents into the open list: resolved ones leave it; the list stays oldest first. */
export function mergeOpen(open: readonly Incident[], changed: readonly Incident[]): Incident[] {
  const byId = new Map(open.map((i) => [i.id, i]));
  for (const i of changed) {
    if (i.state === 'open') byId.set(i.id, i);
    else byId.delete(i.id);
  }
  return [...byId.values()].sort((a, b) => a.openedAt - b.openedAt);
}

/** act applies a dispatcher's action (with its reason) to an open incident. */
export function act(incident: Incident, action: DispatcherAction, by: string, reason: string, now: number): { incident: Incident; entries: TimelineEntry[] } {
  if (incident.state !== 'open') throw new ActionError(`incident ${incident.id} is already resolved`);
  const next = clone(incident);
  const entries: TimelineEntry[] = [];
  const step = (delta: number): Level => {
    const rank = levelRank(next.level) + delta;
    if (rank > LEVELS.length - 1) throw new ActionError(`incident ${incident.id} is already at black`);
    if (rank < 0) throw new ActionError(`incident ${incident.id} is already at normal`);
    return LEVELS[rank]!;
  };
  switch (action) {
    case 'ack':
      next.acknowledged = { by, at: now, reason };
      entries.push({ at: now, kind: 'ack', by, reason });
      break;
    case 'escalate':
    case 'deescalate': {
      const to = step(action === 'escalate' ? 1 : -1);
      next.heldLevel = to;
      entries.push({ at: now, kind: action, from: next.level, to, by, reason });
      break;
    }
    case 'release':
      if (next.heldLevel === null) throw new ActionError(`incident ${incident.id} holds no level to release`);
      next.heldLevel = null;
      entries.push({ at: now, kind: 'release', by, reason });
      break;
    case 'resolve':
      next.state = 'resolved';
      next.resolvedAt = now;
      entries.push({ at: now, kind: 'resolved', by, reason });
      break;
  }
  const timeline: IncidentChanges['timeline'] = [];
  settle(next, now, timeline);
  next.updatedAt = now;
  return { incident: next, entries: [...entries, ...timeline.map((t) => t.entry)] };
}

/** declare opens an incident a dispatcher announces (fire, epidemic…), held at the given level. */
export function declare(input: { id: string; type: IncidentType; centre: string; level: Level; note: string; by: string; now: number; preview?: Incident['declaredPreview'] }): { incident: Incident; entries: TimelineEntry[] } {
  if (input.level === 'normal') throw new ActionError('a declared incident needs a level above normal');
  const incident = blank(input.id, input.centre, input.type, input.now);
  incident.heldLevel = input.level;
  incident.declaredBy = input.by;
  incident.note = input.note;
  if (input.preview) incident.declaredPreview = input.preview;
  const timeline: IncidentChanges['timeline'] = [];
  settle(incident, input.now, timeline);
  return { incident, entries: [{ at: input.now, kind: 'declared', to: input.level, by: input.by, reason: input.note }, ...timeline.map((t) => t.entry)] };
}
