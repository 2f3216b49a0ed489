/**
 * previewPlan predicts, for each of the next 30 minutes, the service level and the contacts
 * waiting of every centre a proposed step touches, without it and with it.
 *
 *   committed figures ─► each queue's load per minute (the forecast's path, interpolated;
 *                        else the 15-minute arrival rate plus a share of those waiting)
 *   PreviewAction[] ───► effectOf ─► loads moved, agents added
 *   both ──────────────► Erlang A (patience known) or C, per queue and minute ─► rolled up per centre
 *
 * Pure: figures, config, actions and the clock in; numbers out. Both sides come from the same
 * code, so the difference is the step's alone.
 */
import type { Config } from '../../../config/types.js';
import { staffingFigures } from '../../metrics/staffing/index.js';
import type { MetricsByScope, ScopeMetrics } from '../../metrics/types.js';
import type { CentrePreview, Prediction, Preview, PreviewAction } from '../../incidents/plan-preview.js';
import { effectOf, queueRefs, type QueueRef } from './effects.js';

export type { CentrePreview, Prediction, Preview, StepPreview } from '../../incidents/plan-preview.js';

/** PREVIEW_MIN: how many minutes ahead the preview looks, one point a minute. */
export const PREVIEW_MIN = 30;

/** previewPlan predicts `centre` (the one in trouble) and every centre `actions` touch, with and without them. */
export function previewPlan(metrics: MetricsByScope, config: Pick<Config, 'centres'>, centre: string, actions: readonly PreviewAction[], now: number): Preview {
  const queues = queueRefs(config);
  const firstMinute = new Map(queues.map((q) => [q.scope, baseLoad(metrics[q.scope], 1)]));
  const effect = effectOf(actions, queues, (scope) => firstMinute.get(scope) ?? 0);
  const roles = new Map<string, 'from' | 'to'>([[centre, 'from']]);
  for (const a of actions) roles.set(a.centre, 'from');
  for (const a of actions) if (a.kind === 'reroute') for (const t of a.to) if (!roles.has(t.centre)) roles.set(t.centre, 'to');
  const centres = [...roles].map(([centre, role]): CentrePreview => ({ centre, role, minutes: [] }));
  for (let inMin = 1; inMin <= PREVIEW_MIN; inMin++) {
    const base = new Map(queues.map((q) => [q.scope, baseLoad(metrics[q.scope], inMin)]));
    const moved = new Map(base);
    for (const m of effect.moves) {
      const amount = (base.get(m.from) ?? 0) * m.share;
      moved.set(m.from, (moved.get(m.from) ?? 0) - amount);
      moved.set(m.to, (moved.get(m.to) ?? 0) + amount);
    }
    for (const c of centres) {
      const own = queues.filter((q) => q.centre === c.centre);
      const predict = (loads: Map<string, number>, extra: (scope: string) => number) => rollUp(own.map((q) => queueAt(metrics[q.scope], q, Math.max(0, loads.get(q.scope) ?? 0), extra(q.scope))));
      c.minutes.push({ inMin, without: predict(base, () => 0), with: predict(moved, (s) => effect.agents.get(s) ?? 0) });
    }
  }
  return { at: now, actions: [...actions], centres };
}

/**
 * baseLoad: contacts per minute to serve over the next `inMin` minutes with nothing done — the
 * forecast's path (linear between its points), else the 15-minute arrival rate plus the contacts
 * waiting now spread over a quarter of an hour, as the forecast spreads them.
 */
function baseLoad(m: ScopeMetrics | undefined, inMin: number): number {
  if (!m) return 0;
  const path = m.forecast?.path ?? [];
  if (path.length === 0) return m.windows['15m'].arrivalPerMin + m.waiting / Math.max(inMin, 15);
  const after = path.find((p) => p.inMin >= inMin) ?? path[path.length - 1]!;
  const before = [...path].reverse().find((p) => p.inMin <= inMin) ?? after;
  if (after.inMin === before.inMin) return after.loadPerMin;
  return before.loadPerMin + ((after.loadPerMin - before.loadPerMin) * (inMin - before.inMin)) / (after.inMin - before.inMin);
}

interface QueuePrediction {
  load: number;
  agents: number;
  serviceLevel: number;
  waitSec: number;
}

/** queueAt: Erlang A with the queue's estimated patience (C without one) at this load and these agents. */
function queueAt(m: ScopeMetrics | undefined, q: QueueRef, loadPerMin: number, extraAgents: number): QueuePrediction {
  const agents = (m?.forecast?.agents ?? (m ? m.agents.available + m.agents.onContact + m.agents.acw : 0)) + extraAgents;
  const ahtSec = m?.forecast?.ahtSec ?? m?.windows['15m'].ahtSec ?? m?.windows.today.ahtSec ?? q.defaultAhtSec;
  const f = staffingFigures({ arrivalPerSec: loadPerMin / 60, ahtSec: ahtSec > 0 ? ahtSec : q.defaultAhtSec, agents, thresholdSec: q.thresholdSec, patienceSec: m?.forecast?.patienceSec ?? null });
  return { load: loadPerMin, agents, serviceLevel: f.serviceLevel, waitSec: f.asaSec };
}

/** rollUp: loads and agents add up; service level and wait are load-weighted; waiting is λ × wait (Little). */
function rollUp(parts: readonly QueuePrediction[]): Prediction {
  const load = parts.reduce((s, p) => s + p.load, 0);
  const agents = parts.reduce((s, p) => s + p.agents, 0);
  if (load === 0) return { loadPerMin: 0, agents, serviceLevel: null, waitSec: 0, waiting: 0 };
  const serviceLevel = parts.reduce((s, p) => s + p.load * p.serviceLevel, 0) / load;
  const drains = parts.every((p) => p.load === 0 || Number.isFinite(p.waitSec));
  const loaded = parts.filter((p) => p.load > 0);
  const waitSec = drains ? loaded.reduce((s, p) => s + p.load * p.waitSec, 0) / load : null;
  const waiting = drains ? loaded.reduce((s, p) => s + (p.load / 60) * p.waitSec, 0) : null;
  return { loadPerMin: round(load, 2), agents, serviceLevel: round(serviceLevel, 4), waitSec: waitSec === null ? null : round(waitSec, 0), waiting: waiting === null ? null : round(waiting, 1) };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
