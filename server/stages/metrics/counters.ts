/**
 * Counters are the additive tallies behind every window figure. Being plain sums they
 * can be bucketed, slid, and rolled up across queues and centres by addition alone;
 * ratios are derived only at the end.
 *
 * COUNTER_KEYS is the one list of them: the Counters type, zeroCounters, addCounters and the
 * checkpoint form follow it, in its order (the order of their keys in checkpoints).
 */
export const COUNTER_KEYS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'transferredOut',
  // Answered contacts whose queue time is known (the only ones service level can judge).
  'timedAnswered',
  'timedAbandoned',
  'answeredWithin',
  'abandonedWithin',
  'waitSumSec',
  'completed',
  'handleSumSec',
  // Completed contacts saying whether they resolved the need, and those that did (FCR).
  'resolvedKnown',
  'resolved',
  // Completed contacts naming their customer, and those whose customer came back within the repeat window.
  'customerContacts',
  'repeatContacts',
  // Completed contacts the agent placed (direction outbound).
  'outboundCompleted',
  'ticketsCreated',
  'ticketsClosed',
  'complaintsCreated',
  'complaintsClosed',
  // Tickets closed that had a due time, and those closed by it.
  'closedWithDue',
  'closedOnTime',
  'outboundAttempts',
  'outboundConnected',
  // Outbound attempts made to serve or notify (purpose service or notice), not to sell.
  'proactiveServices',
  'smsSent',
  'smsProactiveSent',
  'smsReceived',
  'ivrEntered',
  'ivrTransferred',
  // IVR calls that ended without reaching an agent (self-service).
  'ivrContained',
  'ivrErrors',
  // Money spent (configured `costs`, priced when the event was applied) and the contacts it served.
  'cost',
  'costedContacts',
] as const;

export type CounterKey = (typeof COUNTER_KEYS)[number];
export type Counters = Record<CounterKey, number>;

// The counters each window publishes as they are, under their own names (WindowFigures and the windowed
// metrics rules read), each list in its published order: it differs from COUNTER_KEYS' (checkpoints) and
// decides which name a did-you-mean hint offers first. The others (timedAnswered, answeredWithin,
// waitSumSec, …) are only terms of the published ratios and means.
export const QUEUE_COUNTS = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'transferredOut'] as const satisfies readonly CounterKey[];
/** The director's panorama counts (docs/metrics.md). */
export const PANORAMA_COUNTS = [
  'completed',
  'resolved',
  'resolvedKnown',
  'customerContacts',
  'repeatContacts',
  'ticketsCreated',
  'ticketsClosed',
  'complaintsCreated',
  'complaintsClosed',
  'closedWithDue',
  'closedOnTime',
  'outboundAttempts',
  'outboundConnected',
  'proactiveServices',
  'outboundCompleted',
  'smsSent',
  'smsProactiveSent',
  'smsReceived',
  'ivrEntered',
  'ivrTransferred',
  'ivrContained',
  'ivrErrors',
  'costedContacts',
] as const satisfies readonly CounterKey[];
/** Money spent, in the scope's costCurrency. */
export const MONEY_COUNTS = ['cost'] as const satisfies readonly CounterKey[];

export type PublishedCount = (typeof QUEUE_COUNTS)[number] | (typeof PANORAMA_COUNTS)[number] | (typeof MONEY_COUNTS)[number];

/**
 * zeroCounters and addCounters are compiled once from COUNTER_KEYS: an object literal (counters built
 * key by key past a dozen keys fall into V8's slow dictionary mode) and one `into.k += from.k` a key
 * (a keyed loop, `into[key] += from[key]`, took about 35 ns a key in V8's megamorphic keyed access,
 * against under 1 ns by name (about 20 ns for all of them), and the engine adds counters for every contact event).
 */
export const zeroCounters = zeroCountersWith([]);

/**
 * zeroCountersWith compiles a maker of zeroed counters plus the `extra` keys, as one object literal: a
 * spread, `{ ...zeroCounters(), extra: 0 }`, took about 6 µs in V8 against 0.2 µs, and every pipeline step
 * makes three window tallies a scope (a few hundred scopes: milliseconds a step).
 */
export function zeroCountersWith<K extends string>(extra: readonly K[]): () => Counters & Record<K, number> {
  return new Function(`'use strict'; return { ${[...COUNTER_KEYS, ...extra].map((k) => `${k}: 0`).join(', ')} };`) as () => Counters & Record<K, number>;
}

/** addCounters adds `from` into `into` and returns `into`. */
export const addCounters = new Function('into', 'from', `'use strict'; ${COUNTER_KEYS.map((k) => `into.${k} += from.${k};`).join(' ')} return into;`) as (
  into: Counters,
  from: Counters,
) => Counters;

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
