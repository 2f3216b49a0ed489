/**
 * backtest replays recorded events through the metrics engine, the rules evaluator and
 * the incident lifecycle on the events' own clock, evaluating every second as the live
 * server does four times a second: what would these rules have done with that traffic?
 */
import type { Config } from '../../config/types.js';
import type { CanonicalEvent } from '../ingest/contract.js';
import { MetricsEngine } from '../metrics/engine.js';
import { emptyRulesState, evaluateRules, type Rule, type Transition } from '../rules/index.js';
import { applyTransitions } from './lifecycle.js';
import type { Incident, TimelineEntry } from './types.js';

export interface Backtest {
  transitions: Transition[];
  incidents: (Incident & { timeline: TimelineEntry[] })[];
}

const STEP_MS = 1000;

export function backtest(events: CanonicalEvent[], config: Pick<Config, 'centres' | 'metrics' | 'incidents'>, rules: readonly Rule[], until: number): Backtest {
  const engine = new MetricsEngine(config);
  let state = emptyRulesState();
  let open: Incident[] = [];
  const incidents = new Map<string, Incident & { timeline: TimelineEntry[] }>();
  const transitions: Transition[] = [];
  let seq = 0;

  const evaluate = (now: number) => {
    const step = evaluateRules(rules, engine.snapshot(now), state, now);
    state = step.state;
    transitions.push(...step.transitions);
    const changes = applyTransitions({ open, transitions: step.transitions, now, quietMs: config.incidents.quietPeriodSec * 1000, newId: () => `INC-replay-${++seq}` });
    for (const incident of changes.incidents) incidents.set(incident.id, { ...incident, timeline: incidents.get(incident.id)?.timeline ?? [] });
    for (const { id, entry } of changes.timeline) incidents.get(id)?.timeline.push(entry);
    open = [...incidents.values()].filter((i) => i.state === 'open');
  };

  let next = events.length > 0 ? Math.ceil(events[0]!.ts / STEP_MS) * STEP_MS : until;
  for (const event of events) {
    for (; next < event.ts && next <= until; next += STEP_MS) evaluate(next);
    engine.apply(event);
  }
  for (; next <= until; next += STEP_MS) evaluate(next);
  return { transitions, incidents: [...incidents.values()] };
}
