/**
 * Counters are the additive tallies behind every window figure. Being plain sums they
 * can be bucketed, slid, and rolled up across queues and centres by addition alone;
 * ratios are derived only at the end.
 */
export interface Counters {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  transferredOut: number;
  /** Answered contacts whose queue time is known (the only ones service level can judge). */
  timedAnswered: number;
  timedAbandoned: number;
  answeredWithin: number;
  abandonedWithin: number;
  waitSumSec: number;
  completed: number;
  handleSumSec: number;
  /** Completed contacts saying whether they resolved the need, and those that did (FCR). */
  resolvedKnown: number;
  resolved: number;
  /** Completed contacts naming their customer, and those whose customer came back within the repeat window. */
  customerContacts: number;
  repeatContacts: number;
  /** Completed contacts the agent placed (direction outbound). */
  outboundCompleted: number;
  ticketsCreated: number;
  ticketsClosed: number;
  complaintsCreated: number;
  complaintsClosed: number;
  /** Tickets closed that had a due time, and those closed by it. */
  closedWithDue: number;
  closedOnTime: number;
  outboundAttempts: number;
  outboundConnected: number;
  /** Outbound attempts made to serve or notify (purpose service or notice), not to sell. */
  proactiveServices: number;
  smsSent: number;
  smsProactiveSent: number;
  smsReceived: number;
  ivrEntered: number;
  ivrTransferred: number;
  /** IVR calls that ended without reaching an agent (self-service). */
  ivrContained: number;
  ivrErrors: number;
  /** Money spent (configured `costs`, priced when the event was applied) and the contacts it served. */
  cost: number;
  costedContacts: number;
}

export const COUNTER_KEYS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'transferredOut',
  'timedAnswered',
  'timedAbandoned',
  'answeredWithin',
  'abandonedWithin',
  'waitSumSec',
  'completed',
  'handleSumSec',
  'resolvedKnown',
  'resolved',
  'customerContacts',
  'repeatContacts',
  'outboundCompleted',
  'ticketsCreated',
  'ticketsClosed',
  'complaintsCreated',
  'complaintsClosed',
  'closedWithDue',
  'closedOnTime',
  'outboundAttempts',
  'outboundConnected',
  'proactiveServices',
  'smsSent',
  'smsProactiveSent',
  'smsReceived',
  'ivrEntered',
  'ivrTransferred',
  'ivrContained',
  'ivrErrors',
  'cost',
  'costedContacts',
] as const satisfies readonly (keyof Counters)[];

export function zeroCounters(): Counters {
  // A literal, not a loop: counters built key by key past a dozen keys fall into V8's slow
  // dictionary mode, which cost the engine most of its speed.
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    transferredOut: 0,
    timedAnswered: 0,
    timedAbandoned: 0,
    answeredWithin: 0,
    abandonedWithin: 0,
    waitSumSec: 0,
    completed: 0,
    handleSumSec: 0,
    resolvedKnown: 0,
    resolved: 0,
    customerContacts: 0,
    repeatContacts: 0,
    outboundCompleted: 0,
    ticketsCreated: 0,
    ticketsClosed: 0,
    complaintsCreated: 0,
    complaintsClosed: 0,
    closedWithDue: 0,
    closedOnTime: 0,
    outboundAttempts: 0,
    outboundConnected: 0,
    proactiveServices: 0,
    smsSent: 0,
    smsProactiveSent: 0,
    smsReceived: 0,
    ivrEntered: 0,
    ivrTransferred: 0,
    ivrContained: 0,
    ivrErrors: 0,
    cost: 0,
    costedContacts: 0,
  };
}

/**
 * addCounters adds `from` into `into` and returns `into`. Property by property, by name: a loop over
 * COUNTER_KEYS (`into[key] += from[key]`) took about 35 ns a key in V8's megamorphic keyed access,
 * against about 0.3 ns here, and the engine adds counters for every contact event (queue and skills).
 */
export function addCounters(into: Counters, from: Counters): Counters {
  into.offered += from.offered;
  into.answered += from.answered;
  into.abandoned += from.abandoned;
  into.shortAbandoned += from.shortAbandoned;
  into.transferredOut += from.transferredOut;
  into.timedAnswered += from.timedAnswered;
  into.timedAbandoned += from.timedAbandoned;
  into.answeredWithin += from.answeredWithin;
  into.abandonedWithin += from.abandonedWithin;
  into.waitSumSec += from.waitSumSec;
  into.completed += from.completed;
  into.handleSumSec += from.handleSumSec;
  into.resolvedKnown += from.resolvedKnown;
  into.resolved += from.resolved;
  into.customerContacts += from.customerContacts;
  into.repeatContacts += from.repeatContacts;
  into.outboundCompleted += from.outboundCompleted;
  into.ticketsCreated += from.ticketsCreated;
  into.ticketsClosed += from.ticketsClosed;
  into.complaintsCreated += from.complaintsCreated;
  into.complaintsClosed += from.complaintsClosed;
  into.closedWithDue += from.closedWithDue;
  into.closedOnTime += from.closedOnTime;
  into.outboundAttempts += from.outboundAttempts;
  into.outboundConnected += from.outboundConnected;
  into.proactiveServices += from.proactiveServices;
  into.smsSent += from.smsSent;
  into.smsProactiveSent += from.smsProactiveSent;
  into.smsReceived += from.smsReceived;
  into.ivrEntered += from.ivrEntered;
  into.ivrTransferred += from.ivrTransferred;
  into.ivrContained += from.ivrContained;
  into.ivrErrors += from.ivrErrors;
  into.cost += from.cost;
  into.costedContacts += from.costedContacts;
  return into;
}

/**
 * A change to apply to the counters of one queue at one source time: all the keys (0 where it does not
 * apply), so adding it is addCounters. Build it with delta() once (constants) or from zeroCounters().
 */
export type CounterDelta = Counters;

/** Counters with only some keys: the checkpoint form, and the way to write a delta. */
export type SparseCounters = Partial<Counters>;

/** delta makes a full delta of the keys given (for constants and rare events: it loops by key). */
export function delta(sparse: SparseCounters): CounterDelta {
  return restoreCounters(sparse);
}

/** sparseCounters keeps only the non-zero tallies (checkpoints); restoreCounters fills the rest with 0. */
export function sparseCounters(c: Counters): SparseCounters {
  const out: SparseCounters = {};
  for (const key of COUNTER_KEYS) if (c[key] !== 0) out[key] = c[key];
  return out;
}

export function restoreCounters(c: SparseCounters): Counters {
  const out = zeroCounters();
  for (const key in c) {
    const k = key as keyof Counters;
    out[k] += c[k] ?? 0;
  }
  return out;
}
