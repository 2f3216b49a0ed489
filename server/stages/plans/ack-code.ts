/**
 * ackCode is the code a duty manager texts back (`ACK K7QX2`) to acknowledge an incident:
 * derived from the incident id, so every server instance and every repeat of the alert
 * gives the same code without storing it, and the inbound handler finds the incident by
 * computing the code of each open one.
 */
import { createHash } from 'node:crypto';

// 32 symbols that cannot be mistaken for one another on a phone keyboard: no 0/O, no 1/I.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** ACK_CODE_LENGTH: 5 symbols of 5 bits, about 33 million codes — ample for the incidents open at once. */
export const ACK_CODE_LENGTH = 5;

/** ackCode returns the incident's acknowledgement code: upper-case letters and digits 2–9. */
export function ackCode(incidentId: string): string {
  const digest = createHash('sha256').update(`ack:${incidentId}`).digest();
  // 256 is a multiple of 32, so each byte picks a symbol without bias.
  return Array.from(digest.subarray(0, ACK_CODE_LENGTH), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}
