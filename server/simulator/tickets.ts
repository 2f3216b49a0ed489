/**
 * Tickets (工单): work orders opened from finished contacts and worked by the centre's back
 * office, earliest due first.
 *
 *   contact finished ─► ticket.created ─► desk queue ─► ticket.updated in_progress ─┬─► ticket.closed
 *                                           ▲                                      │
 *                                           └── customer_replied ◄── waiting_customer (some)
 *
 * Unresolved contacts open most tickets, and a share of them are complaints; a customer who
 * gave up waiting often gets a callback ticket, due within two hours. The back office is sized
 * for the normal peak, so a surge (callers giving up, rushed contacts left unresolved) grows
 * the backlog and the calm after drains it. Most tickets are due in hours; urgent ones within
 * the hour, and those that wait on the customer are the ones that go overdue and close late.
 */
import type { TicketKind } from '../stages/ingest/contract.js';
import { FCR } from './customers.js';
import { insertBy } from './ordered.js';
import type { QueuePlan } from './sizing.js';
import type { CentreState, ServiceWorld } from './world.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

const TICKET_IF_UNRESOLVED = 0.5;
const TICKET_IF_RESOLVED = 0.03;
const COMPLAINT_IF_UNRESOLVED = 0.3;
const COMPLAINT_IF_RESOLVED = 0.05;
/** Expected tickets per finished contact on a normal day (sizes the back office). */
const TICKETS_PER_CONTACT = (1 - FCR) * TICKET_IF_UNRESOLVED + FCR * TICKET_IF_RESOLVED;

/** A contact abandoned in the queue leaves a callback ticket this often (not in the sizing: few give up on a normal day). */
const CALLBACK_IF_ABANDONED = 0.4;

/** Share of tickets due within the hour; the rest in hours, complaints sooner than requests. */
const URGENT_SHARE = 0.15;
const DUE_MS: Record<'urgent' | 'callback' | TicketKind, [number, number]> = {
  urgent: [20 * MIN, 60 * MIN],
  callback: [30 * MIN, 2 * HOUR],
  complaint: [4 * HOUR, 12 * HOUR],
  request: [4 * HOUR, 24 * HOUR],
};

/** Back-office effort per pass over a ticket. */
const WORK_MEAN_MS = 12 * MIN;
const WORK_SIGMA = 0.8;
/** After the first pass some tickets wait on the customer, then need a second pass. */
const WAIT_CUSTOMER = 0.25;
const WAIT_CUSTOMER_MEAN_MS = 60 * MIN;
/** The back office runs this busy at the normal peak. */
const PEAK_UTILISATION = 0.9;
/** Open tickets a centre keeps at most; beyond it contacts open none (bounded memory). */
export const MAX_OPEN_TICKETS = 5000;

interface Ticket {
  ticketId: string;
  dueAt: number;
  /** Has waited on the customer once already. */
  waited: boolean;
}

/** A centre's back office: its workers and the open tickets waiting for one, earliest due first. */
export interface TicketDesk {
  workers: number;
  busy: number;
  queue: Ticket[];
  open: number;
}

/** createTicketDesk staffs a centre's back office for the tickets its queues open at their peak. */
export function createTicketDesk(plans: readonly QueuePlan[]): TicketDesk {
  const peakPerSec = plans.reduce((sum, p) => sum + p.peakArrivalPerSec, 0) * TICKETS_PER_CONTACT;
  const erlangs = (peakPerSec * WORK_MEAN_MS * (1 + WAIT_CUSTOMER)) / 1000;
  return { workers: Math.max(1, Math.ceil(erlangs / PEAK_UTILISATION)), busy: 0, queue: [], open: 0 };
}

/** openTicket may open a ticket for a contact an agent just finished in `queueId`. */
export function openTicket(world: ServiceWorld, centre: CentreState, queueId: string, resolved: boolean): void {
  if (!world.aside.chance(resolved ? TICKET_IF_RESOLVED : TICKET_IF_UNRESOLVED)) return;
  const kind: TicketKind = world.aside.chance(resolved ? COMPLAINT_IF_RESOLVED : COMPLAINT_IF_UNRESOLVED) ? 'complaint' : 'request';
  create(world, centre, queueId, kind, DUE_MS[world.aside.chance(URGENT_SHARE) ? 'urgent' : kind]);
}

/** openCallbackTicket may open a callback request for a contact abandoned in `queueId`. */
export function openCallbackTicket(world: ServiceWorld, centre: CentreState, queueId: string): void {
  if (world.aside.chance(CALLBACK_IF_ABANDONED)) create(world, centre, queueId, 'request', DUE_MS.callback);
}

function create(world: ServiceWorld, centre: CentreState, queueId: string, kind: TicketKind, [min, max]: [number, number]): void {
  const desk = centre.tickets;
  if (desk.open >= MAX_OPEN_TICKETS) return;
  const ticket: Ticket = { ticketId: world.nextAsideId('t'), dueAt: Math.round(world.now + world.aside.uniform(min, max)), waited: false };
  world.emit({ type: 'ticket.created', centre: centre.id, ticketId: ticket.ticketId, queue: queueId, kind, dueAt: ticket.dueAt });
  desk.open++;
  insertBy(desk.queue, ticket, (t) => t.dueAt);
  dispatch(world, centre);
}

// dispatch gives waiting tickets to free workers, earliest due first.
function dispatch(world: ServiceWorld, centre: CentreState): void {
  const desk = centre.tickets;
  for (let ticket = desk.queue[0]; ticket && desk.busy < desk.workers; ticket = desk.queue[0]) {
    desk.queue.shift();
    desk.busy++;
    update(world, centre, ticket, 'in_progress');
    world.after(world.aside.lognormal(WORK_MEAN_MS, WORK_SIGMA), () => {
      desk.busy--;
      if (!ticket.waited && world.aside.chance(WAIT_CUSTOMER)) awaitCustomer(world, centre, ticket);
      else close(world, centre, ticket);
      dispatch(world, centre);
    });
  }
}

function awaitCustomer(world: ServiceWorld, centre: CentreState, ticket: Ticket): void {
  ticket.waited = true;
  update(world, centre, ticket, 'waiting_customer');
  world.after(world.aside.exponential(WAIT_CUSTOMER_MEAN_MS), () => {
    update(world, centre, ticket, 'customer_replied');
    insertBy(centre.tickets.queue, ticket, (t) => t.dueAt);
    dispatch(world, centre);
  });
}

function close(world: ServiceWorld, centre: CentreState, ticket: Ticket): void {
  centre.tickets.open--;
  world.emit({ type: 'ticket.closed', centre: centre.id, ticketId: ticket.ticketId });
}

function update(world: ServiceWorld, centre: CentreState, ticket: Ticket, status: string): void {
  world.emit({ type: 'ticket.updated', centre: centre.id, ticketId: ticket.ticketId, status });
}
