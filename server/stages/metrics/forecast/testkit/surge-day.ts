/**
 * surgeWarning back-tests the early warning through the pipeline's own step (server/pipeline/step.ts):
 * the weeks before the surge day teach the engine's profile (each contact answered at once), then
 * the surge day's morning is a queue with a fixed team (FIFO, exponential handle times and patience)
 * stepped every 10 seconds under two rules: one on the forecast, one on the actual service level.
 * When does each first go yellow after the surge starts?
 */
import { parseConfig } from '../../../../config/load.js';
import type { CanonicalEvent } from '../../../ingest/contract.js';
import { initialState } from '../../../../pipeline/state.js';
import { step } from '../../../../pipeline/step.js';
import { parseRuleFile, type Transition } from '../../../rules/index.js';
import { requiredAgents } from '../../staffing/index.js';
import { queuedEvents } from './backtest.js';
import { MINUTES_PER_DAY, rateAt, seeded, type WeeksPlan } from './weeks.js';

export const SIM_CONFIG = `
centres:
  - id: sim
    timezone: UTC
    queues:
      - { id: voice, media: voice, serviceLevel: { target: 0.8, thresholdSec: 20 }, defaultAhtSec: 180 }
`;

export const WARNING_RULES = `
rules:
  - name: forecast-warning
    scope: queue:sim/voice
    yellow: { when: forecast.serviceLevel.15m < 80%, for: 1m }
  - name: actual-service-level
    scope: queue:sim/voice
    yellow: { when: serviceLevel.5m < 80%, for: 1m }
`;

const AHT_SEC = 180;
const PATIENCE_SEC = 150;
const TICK_MS = 10_000;

export interface SurgeWarning {
  /** When each rule first went yellow at or after the surge's start (null: never). */
  warnedAt: number | null;
  actualAt: number | null;
  /** The early warning's transition, with what it predicted. */
  warning: Transition | undefined;
  agents: number;
}

/** surgeWarning needs a plan with a surge; `watchFromMin` is when the stepped morning starts. */
export function surgeWarning(plan: WeeksPlan & { surge: NonNullable<WeeksPlan['surge']> }, counts: readonly number[], watchFromMin: number, watchToMin: number): SurgeWarning {
  const config = parseConfig(SIM_CONFIG, 'forecast-sim.yaml', {});
  const rules = parseRuleFile(WARNING_RULES, 'forecast-warning.yaml');
  if (!rules.ok) throw new Error(rules.errors.join('\n'));
  const state = initialState(config, 'bt');
  const dayStartMin = plan.surge.day * MINUTES_PER_DAY;
  for (const queued of queuedEvents(plan, counts, 'sim', 0, dayStartMin + watchFromMin)) for (const e of answeredAtOnce(queued)) state.engine.apply(e);

  // A team big enough for the day's ordinary peak.
  let peak = 0;
  for (let m = 0; m < MINUTES_PER_DAY; m++) peak = Math.max(peak, rateAt({ ...plan, surge: undefined }, plan.surge.day, m));
  const agents = requiredAgents({ arrivalPerSec: peak / 60, ahtSec: AHT_SEC, target: 0.85, thresholdSec: 20 }) + 1;
  const from = plan.start + (dayStartMin + watchFromMin) * 60_000;
  const to = plan.start + (dayStartMin + watchToMin) * 60_000;
  const events = [...team(agents, from, to), ...queueOf([...queuedEvents(plan, counts, 'sim', dayStartMin + watchFromMin, dayStartMin + watchToMin)], agents, from, plan.seed)].sort((a, b) => a.ts - b.ts);

  const surgeAt = plan.start + (dayStartMin + plan.surge.fromMin) * 60_000;
  const ctx = { config, rules: rules.rules, plans: [] };
  let next = 0;
  const out: SurgeWarning = { warnedAt: null, actualAt: null, warning: undefined, agents };
  for (let now = from; now <= to; now += TICK_MS) {
    const batch: CanonicalEvent[] = [];
    while (next < events.length && events[next]!.ts <= now) batch.push(events[next++]!);
    const { transitions } = step(state, { events: batch, commands: [], now }, ctx);
    for (const t of transitions) {
      if (t.to !== 'yellow' || t.at < surgeAt) continue;
      if (t.rule === 'forecast-warning' && out.warnedAt === null) Object.assign(out, { warnedAt: t.at, warning: t });
      if (t.rule === 'actual-service-level' && out.actualAt === null) out.actualAt = t.at;
    }
  }
  return out;
}

/** answeredAtOnce: a history contact, queued, answered and handled in the same instant. */
function answeredAtOnce(q: CanonicalEvent & { contactId: string; queue: string }): CanonicalEvent[] {
  const base = { ts: q.ts, centre: q.centre, contactId: q.contactId, queue: q.queue };
  return [q, { ...base, id: `${q.id}-a`, type: 'contact.answered', agentId: 'history' }, { ...base, id: `${q.id}-c`, type: 'contact.completed', agentId: 'history', handleSec: AHT_SEC }];
}

/** team: the agents logged in and available, said again every hour so none is dropped as stale. */
function* team(agents: number, from: number, to: number): Generator<CanonicalEvent> {
  for (let at = from; at <= to; at += 3_600_000) {
    for (let i = 0; i < agents; i++) yield { id: `agent-${i}-${at}`, type: 'agent.state', ts: at, centre: 'sim', agentId: `a${i}`, state: 'available', seatType: 'onsite', skills: ['voice'] };
  }
}

/** queueOf serves the arrivals first come first served by `agents`; a caller whose patience runs out first hangs up. */
function queueOf(arrivals: (CanonicalEvent & { contactId: string })[], agents: number, from: number, seed: number): CanonicalEvent[] {
  const random = seeded(seed + 1);
  const exp = (mean: number) => -Math.log(1 - random()) * mean;
  const free = new Array<number>(agents).fill(from);
  const out: CanonicalEvent[] = [];
  for (const a of arrivals) {
    out.push(a);
    const base = { centre: 'sim', contactId: a.contactId, queue: 'voice' };
    const patience = exp(PATIENCE_SEC) * 1000;
    const agent = free.indexOf(Math.min(...free));
    const start = Math.max(a.ts, free[agent]!);
    if (start - a.ts > patience) {
      out.push({ ...base, id: `${a.id}-x`, type: 'contact.abandoned', ts: Math.round(a.ts + patience) });
      continue;
    }
    const handleSec = Math.max(1, Math.round(exp(AHT_SEC)));
    free[agent] = start + handleSec * 1000;
    out.push({ ...base, id: `${a.id}-a`, type: 'contact.answered', ts: start, agentId: `a${agent}` });
    out.push({ ...base, id: `${a.id}-c`, type: 'contact.completed', ts: free[agent]!, agentId: `a${agent}`, handleSec });
  }
  return out;
}
