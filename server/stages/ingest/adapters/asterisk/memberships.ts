/**
 * Memberships remembers which queues each member interface belongs to, as AMI reports it
 * (QueueMember from QueueStatus, QueueMemberStatus/Pause/Added, QueueMemberRemoved). AMI
 * sends one member event per queue; the agent's skills are all of them, so the bridge
 * keeps this small piece of state and the translator stays pure.
 */
import type { AmiMessage } from './ami-protocol.js';

// QueueMemberPaused is Asterisk ≤ 11's spelling of QueueMemberPause.
const JOINS = new Set(['QueueMember', 'QueueMemberStatus', 'QueueMemberPause', 'QueueMemberPaused', 'QueueMemberAdded', 'QueueMemberPenalty', 'QueueMemberRinginuse']);

/**
 * memberInterface reads the member's interface: `Interface`, or before Asterisk 12 `Location`
 * (member events) and `Member` (AgentConnect, AgentComplete).
 */
export function memberInterface(event: AmiMessage): string | undefined {
  return event.Interface || event.Location || event.Member || undefined;
}

/** Memberships: member interface → its Asterisk queue names. */
export class Memberships {
  private readonly queuesByMember = new Map<string, Set<string>>();

  /** observe updates the memberships from one AMI event (others are ignored). */
  observe(event: AmiMessage): void {
    const member = memberInterface(event);
    const queue = event.Queue;
    if (!member || !queue || !event.Event) return;
    if (JOINS.has(event.Event)) {
      let queues = this.queuesByMember.get(member);
      if (!queues) this.queuesByMember.set(member, (queues = new Set()));
      queues.add(queue);
    } else if (event.Event === 'QueueMemberRemoved') {
      this.queuesByMember.get(member)?.delete(queue);
    }
  }

  /** queuesOf lists the Asterisk queue names a member interface belongs to. */
  queuesOf(member: string): readonly string[] {
    return [...(this.queuesByMember.get(member) ?? [])];
  }
}
