/**
 * carryOutCommands runs the dispatcher commands of one step, in order, against the open
 * incidents: every command gets an answer (an unexpected error is answered 500, never dropped),
 * and every one carried out gets an audit entry.
 */
import type { AuditEntry } from '../platform/audit/log.js';
import type { Answer, Envelope } from '../stages/incidents/commands.js';
import { act, ActionError, declare, mergeOpen, NotFound } from '../stages/incidents/lifecycle.js';
import type { Incident, IncidentChanges, TimelineEntry } from '../stages/incidents/types.js';
import type { IncidentIds } from './incident-ids.js';

export interface Reply {
  requestId: string;
  answer: Answer;
}

export interface CommandsOutcome {
  /** The open incidents after the commands. */
  open: Incident[];
  changes: IncidentChanges;
  replies: Reply[];
  audit: AuditEntry[];
}

export function carryOutCommands(open: Incident[], envelopes: readonly Envelope[], ids: IncidentIds): CommandsOutcome {
  const outcome: CommandsOutcome = { open, changes: { incidents: [], timeline: [] }, replies: [], audit: [] };
  for (const envelope of envelopes) {
    let answer: Answer;
    try {
      const { incident, entries } = carryOut(outcome.open, envelope, ids);
      outcome.open = mergeOpen(outcome.open, [incident]);
      outcome.changes.incidents.push(incident);
      outcome.changes.timeline.push(...entries.map((entry) => ({ id: incident.id, entry })));
      outcome.audit.push(auditEntry(envelope, incident));
      answer = { ok: true, incident };
    } catch (err) {
      answer = failure(err);
    }
    outcome.replies.push({ requestId: envelope.requestId, answer });
  }
  return outcome;
}

function carryOut(open: readonly Incident[], { who, at, command }: Envelope, ids: IncidentIds): { incident: Incident; entries: TimelineEntry[] } {
  switch (command.kind) {
    case 'act': {
      const incident = open.find((i) => i.id === command.id);
      if (!incident) throw new NotFound(`no open incident ${command.id}`);
      return act(incident, command.action, who.name, command.reason, at);
    }
    case 'declare': {
      // The number is taken only once the declaration is accepted, so a refused one leaves no gap.
      const declared = declare({ type: command.type, centre: command.centre, level: command.level, note: command.note, preview: command.preview, id: ids.peek(), by: who.name, now: at });
      ids.next();
      return declared;
    }
    default:
      throw new Error(`unknown command kind "${(command as { kind?: unknown }).kind}"`);
  }
}

/** auditEntry says who did what to which incident, when and why. */
function auditEntry({ who, at, command }: Envelope, incident: Incident): AuditEntry {
  const [action, reason] = command.kind === 'act' ? [command.action, command.reason] : ['declare', command.note];
  return { at, who: who.name, role: who.role, action: `incident.${action}`, target: incident.id, reason, details: { level: incident.level, state: incident.state } };
}

function failure(err: unknown): Answer {
  const error = err instanceof Error ? err.message : String(err);
  if (err instanceof NotFound) return { ok: false, status: 404, error };
  if (err instanceof ActionError) return { ok: false, status: 409, error };
  return { ok: false, status: 500, error: `the command failed: ${error}` };
}
