/**
 * ackBySms handles a reply to an alert: `ACK <code>` from a registered contact
 * acknowledges the incident whose code it is (which stops the repeats). The answer is
 * the text Twilio sends back.
 */
import type { IncidentCommands } from '../../incidents/commands.js';
import type { IncidentStore } from '../../incidents/store.js';
import type { Logger } from '../../../platform/log/log.js';
import { maskPhone } from '../../../platform/log/log.js';
import { ackCode, type Contact } from '../index.js';

export async function ackBySms(
  deps: { contacts: readonly Contact[]; store: IncidentStore; commands: IncidentCommands; logger: Logger; clock: () => number },
  from: string,
  body: string,
): Promise<string> {
  const contact = deps.contacts.find((c) => c.phone === from.trim());
  if (!contact) {
    deps.logger.warn({ from: maskPhone(from) }, 'SMS reply from an unregistered number');
    return 'This number is not registered with Surge Control.';
  }
  const match = /^\s*ACK\s+([A-Z0-9]+)\s*$/i.exec(body);
  if (!match) return 'Reply ACK <code> to acknowledge an alert.';
  const code = match[1]!.toUpperCase();
  const incident = (await deps.store.openIncidents()).find((i) => ackCode(i.id) === code);
  if (!incident) return `No open incident has the code ${code}.`;
  const answer = await deps.commands.send({ name: `${contact.name} (SMS)`, role: 'manager' }, { kind: 'act', id: incident.id, action: 'ack', reason: `acknowledged by SMS from ${contact.name}` }, deps.clock());
  if (!answer.ok) return `Could not acknowledge ${incident.id}: ${answer.error}`;
  return `Acknowledged ${incident.id} (${incident.level.toUpperCase()}). Thank you, ${contact.name}.`;
}
