/**
 * Work orders (工单): the open ones by id, for the backlog, and their opening and closing in the
 * window counters. Memory is bounded: at most MAX_OPEN_TICKETS are held per centre; past it the
 * ticket known longest is forgotten (a ticket whose closing was lost must not hold a place forever),
 * so the backlog then undercounts and its closing counts as a close without kind or due time.
 */
import type { TicketClosed, TicketCreated } from '../ingest/contract.js';
import { delta, type SparseCounters } from './counters.js';
import type { PartitionSettings, PartitionState } from './partition.js';
import { CENTRE_KEY, count } from './tally.js';
import type { BacklogFigures } from './types.js';

export const MAX_OPEN_TICKETS = 100_000;

export interface OpenTicket {
  /** Its queue, or CENTRE_KEY. */
  queue: string;
  complaint: boolean;
  /** Due time (epoch ms); 0 when none. */
  dueAt: number;
  createdAt: number;
}

const CREATED = delta({ ticketsCreated: 1 });
const COMPLAINT_CREATED = delta({ ticketsCreated: 1, complaintsCreated: 1 });
const CLOSED = delta({ ticketsClosed: 1 });

export function openTicket(state: PartitionState, settings: PartitionSettings, event: TicketCreated): void {
  if (state.tickets.has(event.ticketId)) return; // already open: told twice
  if (state.tickets.size >= MAX_OPEN_TICKETS) state.tickets.delete(state.tickets.keys().next().value!);
  const complaint = event.kind === 'complaint';
  const queue = event.queue ?? CENTRE_KEY;
  state.tickets.set(event.ticketId, { queue, complaint, dueAt: event.dueAt ?? 0, createdAt: event.ts });
  count(state, settings, queue, event.ts, complaint ? COMPLAINT_CREATED : CREATED);
}

/** closeTicket counts the close at its own time; a ticket never seen open counts for the centre, without kind or due time. */
export function closeTicket(state: PartitionState, settings: PartitionSettings, event: TicketClosed): void {
  const ticket = state.tickets.get(event.ticketId);
  if (!ticket) {
    count(state, settings, CENTRE_KEY, event.ts, CLOSED);
    return;
  }
  state.tickets.delete(event.ticketId);
  const closed: SparseCounters = { ticketsClosed: 1 };
  if (ticket.complaint) closed.complaintsClosed = 1;
  if (ticket.dueAt > 0) {
    closed.closedWithDue = 1;
    if (event.ts <= ticket.dueAt) closed.closedOnTime = 1;
  }
  count(state, settings, ticket.queue, event.ts, delta(closed));
}

/** readBacklog counts open tickets per queue (CENTRE_KEY: no queue) as of `now`: overdue when past their due time. */
export function readBacklog(state: PartitionState, now: number): Map<string, BacklogFigures> {
  const out = new Map<string, BacklogFigures>();
  for (const t of state.tickets.values()) {
    if (t.createdAt > now) continue;
    let b = out.get(t.queue);
    if (!b) out.set(t.queue, (b = { open: 0, overdue: 0, complaintsOpen: 0 }));
    b.open++;
    if (t.dueAt > 0 && t.dueAt < now) b.overdue++;
    if (t.complaint) b.complaintsOpen++;
  }
  return out;
}
