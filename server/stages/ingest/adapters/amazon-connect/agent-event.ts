/**
 * translateAgentEvent turns one record of Amazon Connect's agent event stream (LOGIN,
 * LOGOUT, STATE_CHANGE, HEART_BEAT with Current/PreviousAgentSnapshot) into canonical
 * events. Pure.
 *
 * - agent.state from the current snapshot: a live contact means on_contact, only ENDED
 *   contacts mean ACW (Connect's own reading), else the agent status by name.
 * - contact.answered for a queued contact the agent is connected to.
 * - contact.completed when a contact leaves the snapshot: talk = ENDED − connected,
 *   ACW = this event − ENDED, exactly as Connect's documentation derives ACW; its direction
 *   from the contact's InitiationMethod (direction.ts).
 */
import type { AgentState } from '../../contract.js';
import type { AmazonConnectConfig } from '../config.js';
import { lookup, resolveAgent, stateFor } from '../mapping.js';
import { eventId, secondsBetween, TranslationBuilder, type Translation } from '../translation.js';
import { directionOf } from './direction.js';
import { child, instanceOf, lastSegment, list, text, time, type Json } from './fields.js';

/** The prefix of every canonical id this adapter derives, and the events' source. */
export const SOURCE = 'amazon-connect';

const LIVE = new Set(['INCOMING', 'PENDING', 'CONNECTING', 'CONNECTED', 'CONNECTED_ONHOLD']);
const TALKING = new Set(['CONNECTED', 'CONNECTED_ONHOLD']);

/** translateAgentEvent translates one agent event stream record (see above). */
export function translateAgentEvent(record: Json, mapping: AmazonConnectConfig): Translation {
  const out = new TranslationBuilder();
  const type = text(record, 'EventType') ?? '';
  const ts = time(record, 'EventTimestamp');
  const arn = text(record, 'AgentARN');
  if (!['LOGIN', 'LOGOUT', 'STATE_CHANGE', 'HEART_BEAT'].includes(type) || ts === undefined || !arn) {
    out.ignore(type || '(agent record without EventType)');
    return out.result;
  }
  const current = child(record, 'CurrentAgentSnapshot');
  const previous = child(record, 'PreviousAgentSnapshot');
  const username = text(child(current ?? previous, 'Configuration'), 'Username');
  const agent = resolveAgent(mapping, lastSegment(arn), arn, username);
  const queueOf = (contact: Json) => {
    const queue = child(contact, 'Queue');
    const found = lookup(mapping.queues, text(queue, 'ARN'), text(queue, 'Name'));
    if (!found && queue) out.unmapped(`queue ${text(queue, 'Name') ?? text(queue, 'ARN')}`);
    return found;
  };

  // Contacts: answered while connected, completed once gone from the current snapshot.
  const now = new Map(list(current, 'Contacts').map((c) => [text(c, 'ContactId'), c]));
  for (const [contactId, contact] of now) {
    const connectedAt = time(contact, 'ConnectedToAgentTimestamp');
    const queuedAt = time(contact, 'QueueTimestamp');
    if (!contactId || !TALKING.has(text(contact, 'State') ?? '') || connectedAt === undefined || queuedAt === undefined) continue;
    const q = queueOf(contact);
    if (q) out.event({ id: eventId(SOURCE, contactId, 'answered'), type: 'contact.answered', ts: connectedAt, centre: q.centre, contactId, queue: q.queue, agentId: agent.agentId, waitSec: secondsBetween(queuedAt, connectedAt) });
  }
  for (const contact of list(previous, 'Contacts')) {
    const contactId = text(contact, 'ContactId');
    const state = text(contact, 'State') ?? '';
    const connectedAt = time(contact, 'ConnectedToAgentTimestamp');
    if (!contactId || now.has(contactId) || connectedAt === undefined || !(state === 'ENDED' || TALKING.has(state))) continue;
    const q = queueOf(contact);
    if (!q) continue;
    const endedAt = state === 'ENDED' ? time(contact, 'StateStartTimestamp') ?? ts : ts;
    const acwSec = state === 'ENDED' ? secondsBetween(endedAt, ts) : undefined;
    const direction = directionOf(text(contact, 'InitiationMethod'), text(contact, 'Channel'));
    out.event({ id: eventId(SOURCE, contactId, 'completed'), type: 'contact.completed', ts, centre: q.centre, contactId, queue: q.queue, agentId: agent.agentId, handleSec: secondsBetween(connectedAt, endedAt), ...(acwSec === undefined ? {} : { acwSec }), ...(direction ? { direction } : {}) });
  }

  // The agent's own state, in the centre its instance (or its first mapped queue) belongs to.
  const inbound = list(child(child(current ?? previous, 'Configuration'), 'RoutingProfile'), 'InboundQueues').map((q) => lookup(mapping.queues, text(q, 'ARN'), text(q, 'Name')));
  const instance = text(record, 'InstanceARN') ?? instanceOf(arn);
  const centre = agent.ref?.centre ?? lookup(mapping.instances, instance, instance && lastSegment(instance)) ?? inbound.find((q) => q)?.centre;
  if (!centre) {
    out.unmapped(`instance ${instance ?? '(none)'}`);
    return out.result;
  }
  const skills = agent.ref?.skills ?? [...new Set(inbound.filter((q) => q?.centre === centre).map((q) => q!.queue))];
  const { state, reason } = type === 'LOGOUT' ? { state: 'logged_out' as AgentState, reason: undefined } : agentState(current, mapping);
  out.event({ id: eventId(SOURCE, text(record, 'EventId') ?? `${arn}:${ts}`, 'agent'), type: 'agent.state', ts, centre, agentId: agent.agentId, state, seatType: agent.seatType, skills, ...(reason ? { reason } : {}) });
  return out.result;
}

function agentState(snapshot: Json | undefined, mapping: AmazonConnectConfig): { state: AgentState; reason?: string } {
  const states = list(snapshot, 'Contacts').map((c) => text(c, 'State') ?? '');
  if (states.some((s) => LIVE.has(s))) return { state: 'on_contact' };
  if (states.length > 0 && states.every((s) => s === 'ENDED')) return { state: 'acw' };
  if (states.length > 0) return { state: 'aux', reason: `contact ${states.find((s) => s !== 'ENDED')}` };
  return stateFor(mapping, text(child(snapshot, 'AgentStatus'), 'Name'));
}
