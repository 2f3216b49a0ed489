/**
 * translateAmiEvent turns one Asterisk Manager Interface queue event into canonical
 * events. Pure: the event, the mapping, the time it arrived and the bridge's small state
 * (the member's queues, the callers in the IVR) in. Header and event names arrive in the
 * parser's spelling, whatever their case on the wire (ami-protocol.ts).
 *
 *   QueueCallerJoin, Join (≤ 11), QueueEntry ─► contact.queued   (QueueEntry: from QueueStatus after a reconnect)
 *   AgentConnect                ─► contact.answered    (wait = HoldTime)
 *   QueueCallerAbandon          ─► contact.abandoned   (wait = HoldTime; Asterisk raises it for hang-ups and timeouts alike)
 *   AgentComplete               ─► contact.completed   (handle = TalkTime)
 *   QueueMemberStatus, QueueMemberPause(d), QueueMember ─► agent.state (paused = aux, else the device state)
 *   Newexten into an IVR context ─► ivr.call entered; the caller's queue join ─► ivr.call transferred;
 *   Hangup of a caller still in the IVR ─► ivr.call ended                     (ivr-calls.ts)
 *
 * QueueCallerLeave / Leave say nothing the events above do not, so they are ignored. Contact
 * ids come from the caller channel's Uniqueid and the queue, IVR call ids from the Uniqueid
 * and the phase, so an event seen again after a reconnect (or a QueueEntry for a caller
 * already seen joining) is kept once.
 */
import type { AgentState } from '../../contract.js';
import type { AsteriskConfig } from '../config.js';
import { resolveAgent, type QueueRef } from '../mapping.js';
import { eventId, TranslationBuilder, type Translation } from '../translation.js';
import type { AmiMessage } from './ami-protocol.js';
import { isQueueJoin, type IvrCallState } from './ivr-calls.js';
import { memberInterface } from './memberships.js';

/** SOURCE names the Asterisk bridge in event ids and as the events' source. */
export const SOURCE = 'asterisk';

/** What the bridge knows besides the event itself. */
export interface AmiContext {
  receivedAt: number;
  queuesOf(member: string): readonly string[];
  /** The caller's IVR visit as known before this event (IvrCalls.of). */
  ivrCallOf(uniqueid: string): IvrCallState | undefined;
}

// Device states (AST_DEVICE_*) as QueueMemberStatus reports them in `Status`.
const ON_CONTACT = new Set(['2', '3', '6', '7', '8']); // in use, busy, ringing, ringing in use, on hold
const LOGGED_OUT = new Set(['4', '5']); // invalid, unavailable

/** translateAmiEvent translates one AMI event (see above). */
export function translateAmiEvent(event: AmiMessage, mapping: AsteriskConfig, context: AmiContext): Translation {
  const out = new TranslationBuilder();
  const type = event.Event ?? '';
  const ts = eventTime(event, context.receivedAt);
  const queue = event.Queue ? queueRef(mapping, event.Queue) : undefined;
  if (event.Queue && !queue) out.unmapped(`queue ${event.Queue}`);
  const caller = event.Uniqueid;
  const contact = (kind: string, fields: Record<string, unknown>) => {
    if (!queue || !caller) return;
    out.event({ id: eventId(SOURCE, caller, kind, queue.centre, queue.queue), type: `contact.${kind}`, ts, centre: queue.centre, contactId: caller, queue: queue.queue, ...fields });
  };
  const member = memberInterface(event);
  const agent = member ? resolveAgent(mapping, member, member, event.MemberName) : undefined;
  const seconds = (raw: string | undefined) => (raw !== undefined && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined);

  const ivr = (phase: 'entered' | 'transferred' | 'ended', menu: string) => {
    if (!caller) return;
    if (!mapping.centre) return out.unmapped('IVR calls (no default centre)');
    out.event({ id: eventId(SOURCE, caller, 'ivr', phase), type: 'ivr.call', ts, centre: mapping.centre, callId: caller, phase, menu });
  };
  const inIvr = caller ? context.ivrCallOf(caller) : undefined;

  switch (type) {
    case 'QueueCallerJoin':
    case 'Join':
      contact('queued', { media: queue?.media });
      break;
    case 'QueueEntry': {
      // A caller already waiting when we (re)connected: it joined `Wait` seconds ago.
      const wait = seconds(event.Wait);
      if (queue && caller) out.event({ id: eventId(SOURCE, caller, 'queued', queue.centre, queue.queue), type: 'contact.queued', ts: context.receivedAt - (wait ?? 0) * 1000, centre: queue.centre, contactId: caller, queue: queue.queue, media: queue.media });
      break;
    }
    case 'AgentConnect':
      if (agent) contact('answered', { agentId: agent.agentId, waitSec: seconds(event.HoldTime) });
      break;
    case 'QueueCallerAbandon':
      // HoldTime is the whole wait, so the abandon counts even when its join was missed (a reconnect).
      contact('abandoned', { waitSec: seconds(event.HoldTime) });
      break;
    case 'AgentComplete': {
      const talk = seconds(event.TalkTime);
      if (agent && talk !== undefined) contact('completed', { agentId: agent.agentId, handleSec: talk });
      break;
    }
    case 'QueueMember':
    case 'QueueMemberStatus':
    case 'QueueMemberPause':
    case 'QueueMemberPaused': {
      if (!agent || !member) break;
      const centre = agent.ref?.centre ?? queue?.centre ?? mapping.centre;
      if (!centre) break;
      const skills = agent.ref?.skills ?? [...new Set(context.queuesOf(member).map((name) => queueRef(mapping, name)).filter((q) => q?.centre === centre).map((q) => q!.queue))];
      const { state, reason } = memberState(event);
      out.event({ id: eventId(SOURCE, member, 'state', event.Queue ?? '', ts, event.Status ?? '', event.Paused ?? ''), type: 'agent.state', ts, centre, agentId: agent.agentId, state, seatType: agent.seatType, skills, ...(reason ? { reason } : {}) });
      break;
    }
    case 'Newexten':
      if (!inIvr && event.Context && mapping.ivrContexts?.has(event.Context)) ivr('entered', event.Context);
      break;
    case 'Hangup':
      if (inIvr && !inIvr.transferred) ivr('ended', inIvr.menu);
      break;
  }
  if (isQueueJoin(event) && inIvr && !inIvr.transferred) ivr('transferred', inIvr.menu);
  if (out.result.events.length === 0 && Object.keys(out.result.unmapped).length === 0) out.ignore(type);
  return out.result;
}

/** queueRef maps an Asterisk queue name; unlisted names are queue ids in the mapping's default centre. */
export function queueRef(mapping: AsteriskConfig, name: string): QueueRef | undefined {
  return mapping.queues.get(name) ?? (mapping.centre ? { centre: mapping.centre, queue: name, media: 'voice' } : undefined);
}

function memberState(event: AmiMessage): { state: AgentState; reason?: string } {
  if (event.Paused === '1') return { state: 'aux', reason: event.PausedReason || event.Reason || 'paused' };
  if (ON_CONTACT.has(event.Status ?? '')) return { state: 'on_contact' };
  if (LOGGED_OUT.has(event.Status ?? '')) return { state: 'logged_out' };
  return { state: 'available' };
}

/** eventTime reads `Timestamp` (manager.conf `timestampevents = yes`), else the time the bridge received it. */
function eventTime(event: AmiMessage, receivedAt: number): number {
  const stamp = event.Timestamp;
  return stamp && /^\d+(\.\d+)?$/.test(stamp) ? Math.round(Number(stamp) * 1000) : receivedAt;
}
