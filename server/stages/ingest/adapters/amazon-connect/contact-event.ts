/**
 * translateContactEvent turns one Amazon Connect contact event (EventBridge detail-type
 * "Amazon Connect Contact Event", or its bare `detail`) into canonical events. Pure.
 *
 *   QUEUED               ─► contact.queued
 *   CONNECTED_TO_AGENT   ─► contact.answered   (wait = connected − queueInfo.enqueueTimestamp)
 *   DISCONNECTED, never connected to an agent ─► contact.abandoned (wait = disconnected − enqueued)
 *   COMPLETED, after an agent ─► contact.completed (talk = disconnect − connected, ACW as reported,
 *                                                  direction from initiationMethod: direction.ts)
 *
 * The wait comes from the contact's own enqueue timestamp, so an answer or an abandon counts
 * with its queue time even when its QUEUED event was lost or filtered out. An outbound contact
 * that never waited in a queue (no enqueueTimestamp: the agent dialled it) is neither answered
 * nor abandoned: an unanswered dial is not a caller who gave up.
 *
 * Answers and completions get the same ids as those derived from the agent event stream,
 * so feeding both streams counts each contact once.
 */
import type { AmazonConnectConfig } from '../config.js';
import { lookup, resolveAgent } from '../mapping.js';
import { eventId, secondsBetween, TranslationBuilder, type Translation } from '../translation.js';
import { SOURCE } from './agent-event.js';
import { directionOf } from './direction.js';
import { child, field, lastSegment, text, time, type Json } from './fields.js';

/** translateContactEvent translates one contact event, enveloped or bare (see above). */
export function translateContactEvent(event: Json, mapping: AmazonConnectConfig): Translation {
  const out = new TranslationBuilder();
  const detail = child(event, 'detail') ?? event;
  const type = text(detail, 'eventType') ?? '';
  const contactId = text(detail, 'contactId');
  const queueInfo = child(detail, 'queueInfo');
  const agentInfo = child(detail, 'agentInfo');
  const queueArn = text(queueInfo, 'queueArn');
  const q = lookup(mapping.queues, queueArn);
  const enqueuedAt = time(queueInfo, 'enqueueTimestamp');
  const connectedAt = time(agentInfo, 'connectedToAgentTimestamp');
  const disconnectedAt = time(detail, 'disconnectTimestamp');
  const at = (...candidates: (number | undefined)[]) => candidates.find((t) => t !== undefined) ?? time(event, 'time');
  const agentArn = text(agentInfo, 'agentArn');
  const agentId = agentArn ? resolveAgent(mapping, lastSegment(agentArn), agentArn).agentId : undefined;
  const direction = directionOf(text(detail, 'initiationMethod'), text(detail, 'channel'));
  const waited = enqueuedAt !== undefined || direction !== 'outbound';

  const wanted =
    (type === 'QUEUED' && enqueuedAt !== undefined) ||
    (type === 'CONNECTED_TO_AGENT' && agentId !== undefined && waited) ||
    (type === 'DISCONNECTED' && connectedAt === undefined && waited) ||
    (type === 'COMPLETED' && agentId !== undefined && connectedAt !== undefined && disconnectedAt !== undefined);
  if (!wanted || !contactId || !queueInfo) {
    out.ignore(type || '(contact event without eventType)');
    return out.result;
  }
  if (!q) {
    out.unmapped(`queue ${queueArn ?? '(none)'}`);
    return out.result;
  }
  const base = { centre: q.centre, contactId, queue: q.queue };
  const ts = (...candidates: (number | undefined)[]) => {
    const value = at(...candidates);
    if (value === undefined) out.ignore(`${type} (no timestamp)`);
    return value;
  };
  switch (type) {
    case 'QUEUED': {
      const when = ts(enqueuedAt);
      if (when !== undefined) out.event({ id: eventId(SOURCE, contactId, 'queued', q.centre, q.queue), type: 'contact.queued', ts: when, ...base, media: q.media });
      break;
    }
    case 'CONNECTED_TO_AGENT': {
      const when = ts(connectedAt);
      if (when !== undefined) out.event({ id: eventId(SOURCE, contactId, 'answered'), type: 'contact.answered', ts: when, ...base, agentId: agentId as string, waitSec: secondsBetween(enqueuedAt, when) });
      break;
    }
    case 'DISCONNECTED': {
      const when = ts(disconnectedAt);
      if (when !== undefined) out.event({ id: eventId(SOURCE, contactId, 'abandoned'), type: 'contact.abandoned', ts: when, ...base, waitSec: secondsBetween(enqueuedAt, when) });
      break;
    }
    case 'COMPLETED': {
      const acwEnd = time(agentInfo, 'afterContactWorkEndTimestamp');
      const reported = field(agentInfo, 'afterContactWorkDuration');
      const acwSec = typeof reported === 'number' ? reported : secondsBetween(time(agentInfo, 'afterContactWorkStartTimestamp'), acwEnd);
      const when = ts(acwEnd, disconnectedAt);
      if (when !== undefined) {
        out.event({ id: eventId(SOURCE, contactId, 'completed'), type: 'contact.completed', ts: when, ...base, agentId: agentId as string, handleSec: secondsBetween(connectedAt, disconnectedAt), ...(acwSec === undefined ? {} : { acwSec }), ...(direction ? { direction } : {}) });
      }
      break;
    }
  }
  return out.result;
}
