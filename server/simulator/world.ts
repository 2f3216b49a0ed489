/**
 * World is the simulation's state: the clock, the timeline of scheduled actions, every
 * centre's agents, queues and IVR ports, and the canonical events emitted so far. The
 * modules that move contacts and agents all act on one World.
 *
 * Two random streams: `random` drives the queue traffic (arrivals, agents, routing ports) and
 * `aside` everything the service streams add around it (customers, tickets, outbound, SMS,
 * self-service IVR, absences). The service streams never draw from `random` nor change what
 * the queues see, so adding or retuning them leaves every queue figure of a seed as it was.
 */
import type { AgentState, CanonicalEvent, IvrPortState, SeatType } from '../stages/ingest/contract.js';
import type { CustomerBook } from './customers.js';
import type { Random } from './random.js';
import type { QueuePlan } from './sizing.js';
import type { TicketDesk } from './tickets.js';
import { Timeline } from './timeline.js';

/** An event as a module emits it; World adds the id and the current time. */
export type EventBody = CanonicalEvent extends infer E ? (E extends CanonicalEvent ? Omit<E, 'id' | 'ts'> : never) : never;

/** One simulated agent. */
export interface SimAgent {
  id: string;
  centre: string;
  /** The queue the agent was hired for; staffing counts agents by it. */
  group: string;
  skills: string[];
  seatType: SeatType;
  state: AgentState;
  /** When `state` began: the longest-idle agent gets the next contact. */
  since: number;
  /** Rostered for the current shift (possibly still about to log in). */
  onShift: boolean;
  /** Finishing the current contact, then logging out. */
  leaving: boolean;
  shiftStart: number;
  /** Bumped on every change of plan; a scheduled action holding an older token is stale. */
  token: number;
  contact?: { contactId: string; queue: string; answeredAt: number; talkMs: number; acwMs: number };
}

/** A contact waiting in a queue. */
export interface Waiting {
  contactId: string;
  queuedAt: number;
  state: 'waiting' | 'answered' | 'abandoned';
}

/** One queue of one centre with its waiting contacts, oldest first. */
export interface QueueState {
  plan: QueuePlan;
  waiting: Waiting[];
}

/** One IVR port of a centre. */
export interface IvrPortSim {
  port: string;
  state: IvrPortState;
}

/** One centre's moving parts. */
export interface CentreState {
  id: string;
  timezone: string;
  agents: SimAgent[];
  queues: Map<string, QueueState>;
  /** The routing ports: the menu in front of the agent queues. */
  ports: IvrPortSim[];
  /** The self-service ports: callers served by the IVR alone (ivr.ts). */
  selfServicePorts: IvrPortSim[];
  customers: CustomerBook;
  tickets: TicketDesk;
  /** While an outage lasts the shift planner leaves the centre alone. */
  suspended: boolean;
}

/**
 * The World as the service streams see it: without the queue traffic's `random`, so the type
 * checker keeps them to their own draws (`aside`).
 */
export type ServiceWorld = Omit<World, 'random'>;

/** The shared simulation state. */
export class World {
  readonly timeline = new Timeline();
  readonly centres = new Map<string, CentreState>();
  private out: CanonicalEvent[] = [];
  private eventSeq = 0;
  private contactSeq = 0;
  private asideSeq = 0;

  constructor(
    readonly runId: string,
    readonly random: Random,
    /** The service streams' draws, apart from the queue traffic's. */
    readonly aside: Random,
    public now: number,
  ) {}

  /** emit records an event at the current simulated time. */
  emit(body: EventBody): void {
    this.out.push({ id: `sim-${this.runId}-${this.eventSeq++}`, ts: this.now, ...body } as CanonicalEvent);
  }

  /** after schedules `run` `delayMs` from now. */
  after(delayMs: number, run: () => void): void {
    this.timeline.schedule(this.now + Math.max(0, Math.round(delayMs)), run);
  }

  /** nextContactId names a new contact, unique across runs. */
  nextContactId(): string {
    return `${this.runId}-${this.contactSeq++}`;
  }

  /** nextAsideId names a customer, ticket, attempt, message or IVR call, e.g. `<run>-t12`; its own count, so contact ids stay as they were. */
  nextAsideId(kind: string): string {
    return `${this.runId}-${kind}${this.asideSeq++}`;
  }

  /** drain hands over the events emitted since the last drain. */
  drain(): CanonicalEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  /** centre looks a centre up; the simulator only ever asks for centres it created. */
  centre(id: string): CentreState {
    const c = this.centres.get(id);
    if (!c) throw new Error(`simulator: unknown centre ${id}`);
    return c;
  }
}
