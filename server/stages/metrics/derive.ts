/**
 * deriveMetrics turns a scope's aggregate into the published figures: ratios, means and rates.
 * Figures computed from counts keep full precision: rules compare exact values (a service level
 * of 0.79996 is below 0.8) and `--json` readers get what was computed; screens, SMS and tables
 * round for display. Only the figures that move with the clock are quantised — longest wait to
 * whole seconds, arrival rates to 0.01 a minute (today's divides by the minutes so far) — so an idle step changes no figures and
 * commits nothing.
 */
import { SEAT_TYPES } from '../ingest/contract.js';
import type { ScopeAggregate, WindowTally } from './aggregate.js';
import type { ScopeKind, ScopeMetrics, WindowFigures, WindowName } from './types.js';
import { WINDOW_MS } from './view.js';
import { DEFAULT_CURRENCY } from './config.js';

const ratio = (num: number, den: number): number | null => (den > 0 ? Math.min(1, Math.max(0, num / den)) : null);
const mean = (sum: number, n: number): number | null => (n > 0 ? sum / n : null);
const perMinute = (count: number, minutes: number) => Math.round((count / minutes) * 100) / 100;

export function windowFigures(t: WindowTally, minutes: number): WindowFigures {
  const repeatRate = ratio(t.repeatContacts, t.customerContacts);
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    shortAbandoned: t.shortAbandoned,
    transferredOut: t.transferredOut,
    answeredWithinThreshold: t.answeredWithin,
    serviceLevel: ratio(t.slMet, t.slBase),
    abandonRate: ratio(t.abandoned - t.shortAbandoned, t.offered - t.shortAbandoned),
    asaSec: mean(t.waitSumSec, t.timedAnswered),
    ahtSec: mean(t.handleSumSec, t.completed),
    arrivalPerMin: perMinute(t.offered, minutes),
    completed: t.completed,
    resolved: t.resolved,
    resolvedKnown: t.resolvedKnown,
    fcr: ratio(t.resolved, t.resolvedKnown),
    customerContacts: t.customerContacts,
    repeatContacts: t.repeatContacts,
    repeatRate,
    fcrByRepeat: repeatRate === null ? null : 1 - repeatRate,
    ticketsCreated: t.ticketsCreated,
    ticketsClosed: t.ticketsClosed,
    complaintsCreated: t.complaintsCreated,
    complaintsClosed: t.complaintsClosed,
    closedWithDue: t.closedWithDue,
    closedOnTime: t.closedOnTime,
    onTimeRate: ratio(t.closedOnTime, t.closedWithDue),
    outboundAttempts: t.outboundAttempts,
    outboundConnected: t.outboundConnected,
    connectRate: ratio(t.outboundConnected, t.outboundAttempts),
    proactiveServices: t.proactiveServices,
    outboundCompleted: t.outboundCompleted,
    smsSent: t.smsSent,
    smsProactiveSent: t.smsProactiveSent,
    smsReceived: t.smsReceived,
    ivrEntered: t.ivrEntered,
    ivrTransferred: t.ivrTransferred,
    ivrContained: t.ivrContained,
    containmentRate: ratio(t.ivrContained, t.ivrContained + t.ivrTransferred),
    ivrErrors: t.ivrErrors,
    cost: t.cost,
    costedContacts: t.costedContacts,
    costPerContact: mean(t.cost, t.costedContacts),
  };
}

function goalOf(agg: ScopeAggregate): ScopeMetrics['serviceLevelGoal'] {
  const [only, ...rest] = agg.goals;
  if (!only || rest.length > 0) return { target: null, thresholdSec: null, formula: 'mixed', label: 'each queue’s own goal' };
  return { ...only, label: `${Math.round(only.target * 100)}% in ${only.thresholdSec}s (${only.formula})` };
}

export function deriveMetrics(
  scope: string,
  kind: ScopeKind,
  agg: ScopeAggregate,
  asOf: number,
  labels: Pick<ScopeMetrics, 'centre' | 'queue' | 'media' | 'region' | 'skill' | 'freshness' | 'sourceSilentSec' | 'ivrPortsDetail'> = {},
  costCurrency = DEFAULT_CURRENCY,
): ScopeMetrics {
  const a = agg.agents;
  const busy = a.onContact + a.acw;
  const occupancy = ratio(busy, busy + a.available);
  const windows = {} as Record<WindowName, WindowFigures>;
  windows['5m'] = windowFigures(agg.windows['5m'], WINDOW_MS['5m'] / 60_000);
  windows['15m'] = windowFigures(agg.windows['15m'], WINDOW_MS['15m'] / 60_000);
  windows.today = windowFigures(agg.windows.today, agg.todayMinutes);
  return {
    scope,
    kind,
    ...labels,
    asOf,
    waiting: agg.waiting,
    longestWaitSec: Math.round(agg.longestWaitSec),
    agents: { ...a, bySeatType: Object.fromEntries(SEAT_TYPES.map((s) => [s, { ...agg.bySeatType[s] }])) as ScopeMetrics['agents']['bySeatType'] },
    occupancy,
    windows,
    serviceLevelGoal: goalOf(agg),
    ewtSec: agg.ewtSec,
    requiredAgents: agg.requiredAgents,
    staffingGap: agg.requiredAgents === null ? null : agg.requiredAgents - (a.available + a.onContact + a.acw),
    ivr: { ...agg.ivr },
    backlog: { ...agg.backlog },
    attendance: { ...agg.attendance, rate: ratio(agg.attendance.present, agg.attendance.scheduled) },
    busyRate: occupancy,
    costCurrency,
    faults: { ...agg.faults },
  };
}
