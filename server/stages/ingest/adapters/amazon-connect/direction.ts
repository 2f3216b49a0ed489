/**
 * directionOf reads a contact's direction from Connect's `initiationMethod` (contact events)
 * or `InitiationMethod` (agent event stream snapshots), with its channel:
 *
 *   OUTBOUND, EXTERNAL_OUTBOUND (the agent dials), CALLBACK (the agent calls back a customer who asked)
 *       ─► outbound
 *   API on VOICE (StartOutboundVoiceContact: only outbound voice contacts are started by API)
 *       ─► outbound
 *   INBOUND, TRANSFER, QUEUE_TRANSFER, API on CHAT/TASK/EMAIL (StartChatContact, StartTaskContact…)
 *       ─► inbound
 *   DISCONNECT, MONITOR, none ─► undefined (the canonical default: inbound)
 */
import type { ContactDirection } from '../../contract.js';

const OUTBOUND = new Set(['OUTBOUND', 'EXTERNAL_OUTBOUND', 'CALLBACK']);
const INBOUND = new Set(['INBOUND', 'TRANSFER', 'QUEUE_TRANSFER']);

export function directionOf(initiationMethod: string | undefined, channel: string | undefined): ContactDirection | undefined {
  if (initiationMethod === undefined) return undefined;
  if (OUTBOUND.has(initiationMethod)) return 'outbound';
  if (initiationMethod === 'API') return channel?.toUpperCase() === 'VOICE' ? 'outbound' : 'inbound';
  return INBOUND.has(initiationMethod) ? 'inbound' : undefined;
}
