/**
 * Customers: who a finished contact was with and whether it met their need, for both forms of
 * first-contact resolution (DESIGN.md "The panorama"). Most contacts resolve; a rushed agent
 * (a long queue behind the contact) or a cut-off call resolves less. A customer left
 * unresolved often calls back within the hour or two, now and then a resolved one too with
 * another matter; the next contact the centre finishes after that moment is theirs.
 *
 *   contact finished ─► resolved? ─► callback book (due at) ─► a later contact's customer
 *
 * Steady state: repeat rate ≈ (1 − FCR) · CALLBACK_IF_UNRESOLVED + FCR · CALLBACK_IF_RESOLVED
 * ≈ 0.19 · 0.7 + 0.81 · 0.05 ≈ 17 % (FCR ≈ 81 % with the rush and outages); a run reaches it
 * once its first callbacks are due, within the hour.
 */
import { insertBy } from './ordered.js';
import type { CentreState, QueueState, ServiceWorld } from './world.js';

/** Share of contacts resolved when the queue behind is short. */
export const FCR = 0.82;
/** How much less often a contact resolves when RUSHED_WAITING or more wait behind it. */
const RUSHED_FCR_DROP = 0.12;
const RUSHED_WAITING = 30;
/** A contact cut off by an outage rarely resolves anything. */
const CUT_SHORT_FCR = 0.2;

const CALLBACK_IF_UNRESOLVED = 0.7;
const CALLBACK_IF_RESOLVED = 0.05;
/** Callbacks come after a lognormal delay: median about 18 minutes, one in ten after an hour, a tail of hours. */
const CALLBACK_MEAN_MS = 30 * 60_000;
const CALLBACK_SIGMA = 1;
/** The callback book is bounded; when full a customer simply does not call back. */
export const MAX_CALLBACKS = 2000;

/** A centre's customers due to call again, earliest first. */
export interface CustomerBook {
  callbacks: { customerId: string; at: number }[];
}

/** The customer and resolution of a finished inbound contact. */
export interface ContactOutcome {
  customerId: string;
  resolved: boolean;
}

export function createCustomerBook(): CustomerBook {
  return { callbacks: [] };
}

/** contactOutcome decides whose contact an agent just finished and whether it resolved their need. */
export function contactOutcome(world: ServiceWorld, centre: CentreState, queue: QueueState | undefined, cutShort: boolean): ContactOutcome {
  const book = centre.customers;
  const due = book.callbacks[0];
  const customerId = due && due.at <= world.now ? (book.callbacks.shift() as typeof due).customerId : newCustomer(world);
  const rush = Math.min(1, (queue?.waiting.length ?? 0) / RUSHED_WAITING);
  const resolved = world.aside.chance(cutShort ? CUT_SHORT_FCR : FCR - RUSHED_FCR_DROP * rush);
  if (world.aside.chance(resolved ? CALLBACK_IF_RESOLVED : CALLBACK_IF_UNRESOLVED)) {
    expectCallback(book, customerId, world.now + world.aside.lognormal(CALLBACK_MEAN_MS, CALLBACK_SIGMA));
  }
  return { customerId, resolved };
}

/** newCustomer names a customer the centre has not heard from in this run. */
export function newCustomer(world: ServiceWorld): string {
  return world.nextAsideId('cust');
}

function expectCallback(book: CustomerBook, customerId: string, at: number): void {
  if (book.callbacks.length >= MAX_CALLBACKS) return;
  insertBy(book.callbacks, { customerId, at: Math.round(at) }, (c) => c.at);
}
