/**
 * The canonical event contract (DESIGN.md "Canonical events"): the vocabulary every
 * source is translated into before it enters the stream.
 */

// Media are also the config's vocabulary (a queue's media), so they live with the config's leaf types.
import { MEDIA, type Media } from '../../config/topology.js';

export { MEDIA, type Media };

export const AGENT_STATES = ['logged_out', 'available', 'on_contact', 'acw', 'aux'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const SEAT_TYPES = ['onsite', 'home', 'backup', 'phone_im'] as const;
export type SeatType = (typeof SEAT_TYPES)[number];

export const IVR_PORT_STATES = ['idle', 'in_call', 'error'] as const;
export type IvrPortState = (typeof IVR_PORT_STATES)[number];

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
  | SourceHeartbeat;
