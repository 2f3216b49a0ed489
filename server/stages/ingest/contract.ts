/**
 * The canonical event contract (DESIGN.md "Canonical events"): the vocabulary every
 * source is translated into before it enters the stream.
 */

// Media are also the config's vocabulary (a queue's media), so they live with the config, in a module of their own.
import { MEDIA, type Media } from '../../config/media.js';

export { MEDIA, type Media };

export const AGENT_STATES = ['logged_out', 'available', 'on_contact', 'acw', 'aux'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const SEAT_TYPES = ['onsite', 'home', 'backup', 'phone_im'] as const;
export type SeatType = (typeof SEAT_TYPES)[number];

export const IVR_PORT_STATES = ['idle', 'in_call', 'error'] as const;
export type IvrPortState = (typeof IVR_PORT_STATES)[number];

export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];

export const TICKET_KINDS = ['request', 'complaint'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const OUTBOUND_PURPOSES = ['sales', 'service', 'notice'] as const;
export type OutboundPurpose = (typeof OUTBOUND_PURPOSES)[number];

export const OUTBOUND_RESULTS = ['connected', 'no_answer', 'busy', 'failed'] as const;
export type OutboundResult = (typeof OUTBOUND_RESULTS)[number];

export const SMS_PURPOSES = ['proactive', 'reply', 'notice'] as const;
export type SmsPurpose = (typeof SMS_PURPOSES)[number];

export const IVR_CALL_PHASES = ['entered', 'transferred', 'ended', 'error'] as const;
export type IvrCallPhase = (typeof IVR_CALL_PHASES)[number];

export const FAULT_SEVERITIES = ['info', 'minor', 'major', 'critical'] as const;
export type FaultSeverity = (typeof FAULT_SEVERITIES)[number];

export const EVENT_TYPES = [
  'contact.queued',
  'contact.answered',
  'contact.abandoned',
  'contact.transferred',
  'contact.completed',
  'agent.state',
  'queue.snapshot',
  'ivr.port',
  'system.fault',
  'source.heartbeat',
  'ticket.created',
  'ticket.updated',
  'ticket.closed',
  'outbound.attempt',
  'sms.sent',
  'sms.received',
  'ivr.call',
  'agent.shift',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

interface Base<T extends EventType> {
  id: string;
  type: T;
  /** Source time, normalised to epoch milliseconds. */
  ts: number;
  centre: string;
  /**
   * The feed that reported it (a CTI bridge, an adapter, an IVR), for freshness; absent counts
   * as `ingest` (DEFAULT_SOURCE). At most MAX_SOURCE_NAME characters.
   */
  source?: string;
}

/** DEFAULT_SOURCE is the source of an event that names none. */
export const DEFAULT_SOURCE = 'ingest';
export const MAX_SOURCE_NAME = 64;

export interface ContactQueued extends Base<'contact.queued'> {
  contactId: string;
  queue: string;
  media: Media;
  priority?: number;
}
export interface ContactAnswered extends Base<'contact.answered'> {
  contactId: string;
  queue: string;
  agentId: string;
  /** Queue time reported by the source; preferred over our own reckoning. */
  waitSec?: number;
}
export interface ContactAbandoned extends Base<'contact.abandoned'> {
  contactId: string;
  queue: string;
  waitSec?: number;
}
export interface ContactTransferred extends Base<'contact.transferred'> {
  contactId: string;
  queue: string;
  toQueue: string;
  toCentre?: string;
}
export interface ContactCompleted extends Base<'contact.completed'> {
  contactId: string;
  queue: string;
  agentId: string;
  handleSec: number;
  acwSec?: number;
  /** The customer, for the repeat-contact form of first-contact resolution. */
  customerId?: string;
  /** Whether the customer's need was met on this contact (the survey or agent form of FCR). */
  resolved?: boolean;
  /** Absent counts as inbound. */
  direction?: ContactDirection;
}
export interface AgentStateChanged extends Base<'agent.state'> {
  agentId: string;
  state: AgentState;
  seatType: SeatType;
  skills?: string[];
  reason?: string;
}
export interface AgentCounts {
  staffed: number;
  available: number;
  onContact: number;
  acw: number;
  aux: number;
}
export interface QueueSnapshot extends Base<'queue.snapshot'> {
  queue: string;
  media: Media;
  waiting: number;
  longestWaitSec: number;
  agents: Partial<AgentCounts>;
}
export interface IvrPort extends Base<'ivr.port'> {
  port: string;
  state: IvrPortState;
  callId?: string;
  menu?: string;
  error?: string;
}
export interface SystemFault extends Base<'system.fault'> {
  component: string;
  severity: FaultSeverity;
  message: string;
}

/** SourceHeartbeat says a source is alive when it has nothing else to report, so silence means failure. */
export interface SourceHeartbeat extends Base<'source.heartbeat'> {
  source: string;
}

/** A work order (工单) opened; `queue`, when given, must be one of the centre's queues. */
export interface TicketCreated extends Base<'ticket.created'> {
  ticketId: string;
  queue?: string;
  kind: TicketKind;
  /** When it must be closed by (epoch ms after validation). */
  dueAt?: number;
}
export interface TicketUpdated extends Base<'ticket.updated'> {
  ticketId: string;
  status: string;
}
export interface TicketClosed extends Base<'ticket.closed'> {
  ticketId: string;
}
export interface OutboundAttempt extends Base<'outbound.attempt'> {
  attemptId: string;
  campaign: string;
  purpose: OutboundPurpose;
  agentId?: string;
  result: OutboundResult;
}
export interface SmsSent extends Base<'sms.sent'> {
  messageId: string;
  purpose?: SmsPurpose;
}
export interface SmsReceived extends Base<'sms.received'> {
  messageId: string;
  purpose?: SmsPurpose;
}
/** One caller's path through the IVR. */
export interface IvrCall extends Base<'ivr.call'> {
  callId: string;
  phase: IvrCallPhase;
  port?: string;
  menu?: string;
  error?: string;
}
/** The schedule, for attendance: the agent is expected staffed from `start` to `end` (epoch ms). */
export interface AgentShift extends Base<'agent.shift'> {
  agentId: string;
  start: number;
  end: number;
  seatType?: SeatType;
}

export type CanonicalEvent =
  | ContactQueued
  | ContactAnswered
  | ContactAbandoned
  | ContactTransferred
  | ContactCompleted
  | AgentStateChanged
  | QueueSnapshot
  | IvrPort
  | SystemFault
  | SourceHeartbeat
  | TicketCreated
  | TicketUpdated
  | TicketClosed
  | OutboundAttempt
  | SmsSent
  | SmsReceived
  | IvrCall
  | AgentShift;
