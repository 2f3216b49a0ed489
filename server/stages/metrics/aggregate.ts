/**
 * ScopeAggregate is what one scope's figures are made of before any ratio is taken:
 * counts, sums and maxima that roll up across queues and centres by `combine` alone.
 */
import { SEAT_TYPES, type SeatType } from '../ingest/contract.js';
import type { ServiceLevelFormula } from '../../config/topology.js';
import { addCounters, zeroCountersWith, type Counters } from './counters.js';
import type { AgentFigures, BacklogFigures, IvrFigures, WindowName } from './types.js';

/** Window tallies plus the service-level numerator and denominator under each queue's own formula. */
export type WindowTally = Counters & { slMet: number; slBase: number };

export interface Goal {
  target: number;
  thresholdSec: number;
  formula: ServiceLevelFormula;
}

export interface ScopeAggregate {
  waiting: number;
  longestWaitSec: number;
  agents: AgentFigures;
  bySeatType: Record<SeatType, AgentFigures>;
  windows: Record<WindowName, WindowTally>;
  /** Minutes the "today" window spans, for its arrival rate. */
  todayMinutes: number;
  requiredAgents: number | null;
  ewtSec: number | null;
  goals: Goal[];
  ivr: IvrFigures;
  faults: Record<string, number>;
  backlog: BacklogFigures;
  /** Scheduled and present agents (centre scopes and their roll-ups). */
  attendance: { scheduled: number; present: number };
}

export function zeroAgents(): AgentFigures {
  return { staffed: 0, available: 0, onContact: 0, acw: 0, aux: 0 };
}

export const zeroTally: () => WindowTally = zeroCountersWith(['slMet', 'slBase']);

export function emptyAggregate(): ScopeAggregate {
  return {
    waiting: 0,
    longestWaitSec: 0,
    agents: zeroAgents(),
    bySeatType: Object.fromEntries(SEAT_TYPES.map((s) => [s, zeroAgents()])) as Record<SeatType, AgentFigures>,
    windows: { '5m': zeroTally(), '15m': zeroTally(), today: zeroTally() },
    todayMinutes: 0,
    requiredAgents: null,
    ewtSec: null,
    goals: [],
    ivr: { idle: 0, inCall: 0, error: 0, worstPortErrors: 0, failingPorts: 0, callsNow: 0, peakToday: 0 },
    faults: {},
    backlog: { open: 0, overdue: 0, complaintsOpen: 0 },
    attendance: { scheduled: 0, present: 0 },
  };
}

export function addAgents(into: AgentFigures, from: AgentFigures): void {
  into.staffed += from.staffed;
  into.available += from.available;
  into.onContact += from.onContact;
  into.acw += from.acw;
  into.aux += from.aux;
}

export function addBacklog(into: BacklogFigures, from: BacklogFigures): void {
  into.open += from.open;
  into.overdue += from.overdue;
  into.complaintsOpen += from.complaintsOpen;
}

function addTally(into: WindowTally, from: WindowTally): void {
  addCounters(into, from);
  into.slMet += from.slMet;
  into.slBase += from.slBase;
}

const sumOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
const maxOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * combine adds `from` into `into`. Agents are added as given: callers pass each agent
 * once per roll-up (a multi-skilled agent is counted per queue, but once per centre).
 */
export function combine(into: ScopeAggregate, from: ScopeAggregate, options: { agents: boolean }): void {
  into.waiting += from.waiting;
  into.longestWaitSec = Math.max(into.longestWaitSec, from.longestWaitSec);
  if (options.agents) {
    addAgents(into.agents, from.agents);
    for (const s of SEAT_TYPES) addAgents(into.bySeatType[s], from.bySeatType[s]);
  }
  for (const w of ['5m', '15m', 'today'] as const) addTally(into.windows[w], from.windows[w]);
  into.todayMinutes = Math.max(into.todayMinutes, from.todayMinutes);
  into.requiredAgents = sumOrNull(into.requiredAgents, from.requiredAgents);
  into.ewtSec = maxOrNull(into.ewtSec, from.ewtSec);
  for (const g of from.goals) {
    if (!into.goals.some((h) => h.target === g.target && h.thresholdSec === g.thresholdSec && h.formula === g.formula)) {
      into.goals.push(g);
    }
  }
  into.ivr.idle += from.ivr.idle;
  into.ivr.inCall += from.ivr.inCall;
  into.ivr.error += from.ivr.error;
  into.ivr.worstPortErrors = Math.max(into.ivr.worstPortErrors, from.ivr.worstPortErrors);
  into.ivr.failingPorts += from.ivr.failingPorts;
  into.ivr.callsNow += from.ivr.callsNow;
  into.ivr.peakToday += from.ivr.peakToday;
  addBacklog(into.backlog, from.backlog);
  into.attendance.scheduled += from.attendance.scheduled;
  into.attendance.present += from.attendance.present;
  for (const [severity, n] of Object.entries(from.faults)) into.faults[severity] = (into.faults[severity] ?? 0) + n;
}

/** serviceLevelTerms gives one queue's service-level numerator and denominator under its formula (DESIGN.md). */
export function serviceLevelTerms(c: Counters, formula: ServiceLevelFormula): { slMet: number; slBase: number } {
  switch (formula) {
    case 'standard':
      return { slMet: c.answeredWithin, slBase: c.timedAnswered + c.timedAbandoned - c.shortAbandoned };
    case 'ignore-abandons':
      return { slMet: c.answeredWithin, slBase: c.timedAnswered };
    case 'abandons-met':
      return { slMet: c.answeredWithin + c.abandonedWithin, slBase: c.timedAnswered + c.timedAbandoned };
    case 'all-abandons':
      return { slMet: c.answeredWithin, slBase: c.timedAnswered + c.timedAbandoned };
  }
}
