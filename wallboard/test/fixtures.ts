/** Test fixtures: plausible ScopeMetrics and topology for the wallboard's pure modules. */
import type { Incident, ScopeMetrics, Topology } from '../src/lib/live/protocol.js';

const agents = (staffed: number, available: number) => ({ staffed, available, onContact: staffed - available, acw: 0, aux: 0 });
const window = (serviceLevel: number | null) => ({
  offered: 100,
  answered: 90,
  abandoned: 10,
  shortAbandoned: 2,
  transferredOut: 0,
  answeredWithinThreshold: 72,
  serviceLevelMet: 72,
  serviceLevelBase: 98,
  serviceLevel,
  abandonRate: 0.08,
  asaSec: 12,
  ahtSec: 240,
  arrivalPerMin: 6.7,
  completed: 88,
  resolved: 60,
  resolvedKnown: 80,
  fcr: 0.75,
  customerContacts: 50,
  repeatContacts: 5,
  repeatRate: 0.1,
  fcrByRepeat: 0.9,
  ticketsCreated: 12,
  ticketsClosed: 10,
  complaintsCreated: 2,
  complaintsClosed: 1,
  closedWithDue: 8,
  closedOnTime: 6,
  onTimeRate: 0.75,
  outboundAttempts: 20,
  outboundConnected: 8,
  connectRate: 0.4,
  proactiveServices: 5,
  outboundCompleted: 7,
  smsSent: 30,
  smsProactiveSent: 10,
  smsReceived: 4,
  ivrEntered: 40,
  ivrTransferred: 25,
  ivrContained: 15,
  containmentRate: 0.375,
  ivrErrors: 0,
  cost: 70,
  costedContacts: 88,
  costPerContact: 70 / 88,
});

export function metrics(scope: string, over: Partial<ScopeMetrics> = {}): ScopeMetrics {
  return {
    scope,
    kind: scope === 'all' ? 'all' : (scope.split(':')[0] as ScopeMetrics['kind']),
    asOf: 1_000,
    waiting: 3,
    longestWaitSec: 15,
    agents: {
      ...agents(10, 4),
      bySeatType: { onsite: agents(8, 3), home: agents(2, 1), backup: agents(0, 0), phone_im: agents(0, 0) },
    },
    occupancy: 0.6,
    windows: { '5m': window(0.8), '15m': window(0.82), today: window(0.85) },
    serviceLevelGoal: { target: 0.8, thresholdSec: 20, formula: 'standard', label: '80% in 20s (standard)' },
    ewtSec: 10,
    requiredAgents: 6,
    staffingGap: 0,
    ivr: { idle: 0, inCall: 0, error: 0, worstPortErrors: 0, failingPorts: 0, callsNow: 0, peakToday: 0 },
    backlog: { open: 14, overdue: 2, complaintsOpen: 1 },
    attendance: { scheduled: 10, present: 9, rate: 0.9 },
    busyRate: 0.6,
    costCurrency: 'CNY',
    faults: {},
    ...over,
  };
}

export const topology: Topology = {
  centres: [
    {
      id: 'hz',
      name: 'Hangzhou',
      timezone: 'Asia/Shanghai',
      queues: [
        { id: 'voice', name: 'Hangzhou voice', media: 'voice', serviceLevel: { target: 0.8, thresholdSec: 20, formula: 'standard' } },
        { id: 'chat', name: 'Hangzhou chat', media: 'chat', serviceLevel: { target: 0.8, thresholdSec: 60, formula: 'standard' } },
        { id: 'email', name: 'Hangzhou email', media: 'email', serviceLevel: { target: 0.9, thresholdSec: 3600, formula: 'ignore-abandons' } },
      ],
    },
    {
      id: 'wh',
      name: 'Wuhan',
      timezone: 'Asia/Shanghai',
      queues: [{ id: 'voice', name: 'Wuhan voice', media: 'voice', serviceLevel: { target: 0.8, thresholdSec: 20, formula: 'standard' } }],
    },
  ],
};

/** An open incident as the server lists it. */
export function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    centre: 'hz',
    type: 'traffic_surge',
    state: 'open',
    level: 'yellow',
    ruleLevel: 'yellow',
    heldLevel: null,
    peakLevel: 'yellow',
    scopes: { 'queue:hz/voice': 'yellow' },
    pairs: { 'voice-queue@queue:hz/voice': 'yellow' },
    openedAt: 1_000,
    updatedAt: 1_000,
    quietSince: null,
    resolvedAt: null,
    acknowledged: null,
    declaredBy: null,
    note: null,
    ...over,
  };
}
