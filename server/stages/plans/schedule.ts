/**
 * nextNotification decides what one notify action should do now, from what has been sent:
 *
 *   acknowledged ─────────────────────────────────────────────► done
 *   nothing sent yet ─────────────────────────────────────────► send to the group's first contact
 *   current contact unanswered for escalateAfterSec, or their
 *   last message undelivered ─► send to the next contact, or ► done when the group is exhausted
 *   repeatEverySec since the last message to them ───────────► send to them again
 *   otherwise ────────────────────────────────────────────────► wait until the earlier of the two
 *
 * Pure: the executor keeps the NotifyState, calls this on a timer or a delivery receipt, and
 * schedules the next call at `until`. Times are epoch ms; the policy is in seconds.
 */
import type { Contact, NotifyPolicy, NotifyState } from './types.js';

/** NextNotification: send `attempt` (1 = first message to that contact), wait, or stop. */
export type NextNotification =
  | { kind: 'send'; contact: Contact; attempt: number }
  | { kind: 'wait'; until: number }
  | { kind: 'done'; reason: string };

/** nextNotification is what is due at `now` for the escalation `group` (first contact first). */
export function nextNotification(state: NotifyState, now: number, policy: NotifyPolicy, group: readonly Contact[]): NextNotification {
  if (state.acknowledgedAt !== null) return { kind: 'done', reason: 'acknowledged' };
  const last = state.sent[state.sent.length - 1];
  if (!last) {
    const first = group[0];
    return first ? { kind: 'send', contact: first, attempt: 1 } : { kind: 'done', reason: 'the group has no contacts' };
  }
  const toCurrent = state.sent.filter((s) => s.contactId === last.contactId);
  const firstAt = toCurrent[0]?.at ?? last.at;
  const escalateAt = firstAt + policy.escalateAfterSec * 1000;
  const repeatAt = last.at + policy.repeatEverySec * 1000;
  if (last.undelivered || now >= escalateAt) return escalate(state, last.contactId, group, last.undelivered === true);
  const current = group.find((c) => c.id === last.contactId);
  if (current && now >= repeatAt) return { kind: 'send', contact: current, attempt: toCurrent.length + 1 };
  return { kind: 'wait', until: current ? Math.min(repeatAt, escalateAt) : escalateAt };
}

/** escalate moves on to the contact after the current one; one no longer in the group hands over to whoever has not been messaged. */
function escalate(state: NotifyState, currentId: string, group: readonly Contact[], undelivered: boolean): NextNotification {
  const index = group.findIndex((c) => c.id === currentId);
  const messaged = new Set(state.sent.map((s) => s.contactId));
  const next = index >= 0 ? group[index + 1] : group.find((c) => !messaged.has(c.id));
  if (next) return { kind: 'send', contact: next, attempt: 1 };
  const why = undelivered ? 'the last message was undelivered' : 'nobody acknowledged in time';
  return { kind: 'done', reason: `group exhausted: ${why} (${messaged.size} contact${messaged.size === 1 ? '' : 's'} messaged)` };
}
