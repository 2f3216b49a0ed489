/**
 * translateTaskRouter turns one TaskRouter event callback (the form parameters TaskRouter
 * POSTs to the workspace's EventCallbackUrl) into canonical events. Pure: the parameters
 * and the mapping in, events out.
 *
 *   task.created / task-queue.entered ─► contact.queued
 *   task.canceled                     ─► contact.abandoned
 *   reservation.accepted              ─► contact.answered + agent.state on_contact
 *   reservation.wrapup                ─► agent.state acw
 *   reservation.completed             ─► contact.completed + agent.state (the worker's activity)
 *   worker.activity.update            ─► agent.state (the worker's activity)
 *
 * TaskRouter's own fields say nothing of a contact's direction or customer; the task's
 * attributes (`TaskAttributes`, JSON the application writes) do when they follow Flex's
 * conventions: `direction` ("inbound" / "outbound") and `customers.external_id` (Flex Insights)
 * go on contact.completed as `direction` and `customerId` (taskFacts).
 */
import { CONTACT_DIRECTIONS, type AgentState, type ContactDirection } from '../../contract.js';
import type { TaskRouterConfig } from '../config.js';
import { lookup, resolveAgent, stateFor, type QueueRef } from '../mapping.js';
import { eventId, TranslationBuilder, type Draft, type Translation } from '../translation.js';

/** SOURCE names TaskRouter in event ids and as the events' source. */
export const SOURCE = 'twilio-taskrouter';

type Params = Readonly<Record<string, string | undefined>>;

/** translateTaskRouter translates one event callback (see above). */
export function translateTaskRouter(params: Params, mapping: TaskRouterConfig): Translation {
  const out = new TranslationBuilder();
  const type = params.EventType ?? '';
  const ts = callbackTime(params);
  if (ts === undefined) {
    out.ignore(`${type} (no Timestamp)`);
    return out.result;
  }
  const task = params.TaskSid;
  const queue = (): QueueRef | undefined => {
    const found = lookup(mapping.queues, params.TaskQueueSid, params.TaskQueueName);
    if (!found && (params.TaskQueueSid || params.TaskQueueName)) out.unmapped(`queue ${params.TaskQueueName ?? params.TaskQueueSid}`);
    return found;
  };
  const contact = (q: QueueRef, type: string, fields: Record<string, unknown>, ...idParts: string[]): Draft => ({
    id: eventId(SOURCE, task ?? '', type.slice('contact.'.length), ...idParts),
    type,
    ts,
    centre: q.centre,
    contactId: task ?? '',
    queue: q.queue,
    ...fields,
  });
  const agentState = (state: AgentState, q?: QueueRef, reason?: string): Draft | undefined => {
    const agent = resolveAgent(mapping, params.WorkerSid ?? '', params.WorkerSid, params.WorkerName);
    const centre = agent.ref?.centre ?? (params.WorkspaceSid ? mapping.workspaces.get(params.WorkspaceSid) : undefined) ?? q?.centre;
    if (!centre) {
      out.unmapped(`workspace ${params.WorkspaceSid ?? '(none)'}`);
      return undefined;
    }
    return {
      id: eventId(SOURCE, params.Sid ?? `${params.WorkerSid}:${type}:${ts}`, 'agent'),
      type: 'agent.state',
      ts,
      centre,
      agentId: agent.agentId,
      state,
      seatType: agent.seatType,
      ...(agent.ref?.skills ? { skills: agent.ref.skills } : {}),
      ...(reason ? { reason } : {}),
    };
  };
  const emit = (...drafts: (Draft | undefined)[]) => {
    const made = drafts.filter((d): d is Draft => d !== undefined);
    for (const d of made) out.event(d);
    // Nothing made and nothing unmapped: a kind of event the wallboard does not need.
    if (made.length === 0 && Object.keys(out.result.unmapped).length === 0) out.ignore(type);
  };
  const taskAge = number(params.TaskAge);

  switch (type) {
    case 'task.created':
    case 'task-queue.entered': {
      const q = queue();
      const priority = number(params.TaskPriority);
      // Both events announce the same arrival: one id per task and queue keeps it once.
      emit(q && task ? contact(q, 'contact.queued', { media: q.media, ...(priority === undefined ? {} : { priority: clamp(priority, 0, 1000) }) }, q.centre, q.queue) : undefined);
      return out.result;
    }
    case 'task.canceled': {
      const q = queue();
      emit(q && task ? contact(q, 'contact.abandoned', { ...(taskAge === undefined ? {} : { waitSec: taskAge }) }) : undefined);
      return out.result;
    }
    case 'reservation.accepted': {
      const q = queue();
      const agent = resolveAgent(mapping, params.WorkerSid ?? '', params.WorkerSid, params.WorkerName);
      const answered = q && task && params.WorkerSid ? contact(q, 'contact.answered', { agentId: agent.agentId, ...(taskAge === undefined ? {} : { waitSec: taskAge }) }, params.ReservationSid ?? '') : undefined;
      emit(answered, params.WorkerSid ? agentState('on_contact', q) : undefined);
      return out.result;
    }
    case 'reservation.wrapup':
      emit(params.WorkerSid ? agentState('acw', queue()) : undefined);
      return out.result;
    case 'reservation.completed': {
      const q = queue();
      const agent = resolveAgent(mapping, params.WorkerSid ?? '', params.WorkerSid, params.WorkerName);
      // TaskRouter reports the task's age, not when it was accepted: handle time here includes its queue time.
      const completed = q && task && params.WorkerSid && taskAge !== undefined ? contact(q, 'contact.completed', { agentId: agent.agentId, handleSec: taskAge, ...taskFacts(params.TaskAttributes) }) : undefined;
      const activity = stateFor(mapping, params.WorkerActivityName);
      emit(completed, params.WorkerSid && params.WorkerActivityName ? agentState(activity.state, q, activity.reason) : undefined);
      return out.result;
    }
    case 'worker.activity.update': {
      const activity = stateFor(mapping, params.WorkerActivityName);
      emit(params.WorkerSid ? agentState(activity.state, undefined, activity.reason) : undefined);
      return out.result;
    }
    default:
      out.ignore(type);
      return out.result;
  }
}

/**
 * taskFacts reads the Flex attribute conventions from TaskAttributes (see above). Attributes are
 * the application's free-form JSON: anything unreadable, or not in those shapes, is left out.
 */
function taskFacts(attributes: string | undefined): { direction?: ContactDirection; customerId?: string } {
  let parsed: unknown;
  try {
    parsed = attributes ? JSON.parse(attributes) : undefined;
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const { direction, customers } = parsed as { direction?: unknown; customers?: unknown };
  const customerId = typeof customers === 'object' && customers !== null ? (customers as { external_id?: unknown }).external_id : undefined;
  return {
    ...(CONTACT_DIRECTIONS.includes(direction as ContactDirection) ? { direction: direction as ContactDirection } : {}),
    ...(typeof customerId === 'string' && customerId.length > 0 && customerId.length <= 200 ? { customerId } : {}),
  };
}

/** callbackTime reads TimestampMs, else Timestamp (epoch seconds, or ISO-8601). */
function callbackTime(params: Params): number | undefined {
  const ms = number(params.TimestampMs);
  if (ms !== undefined && ms > 0) return ms;
  const raw = params.Timestamp;
  if (!raw) return undefined;
  const seconds = number(raw);
  if (seconds !== undefined) return seconds > 1e12 ? seconds : seconds * 1000;
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function number(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(n)));
}
