/**
 * The text of a stream entry, and reading it back.
 *
 * An entry holds the events one append call wrote to its centre's stream (a request's, or a group
 * of small requests', store.ts), one per line in its field `e`: a stream entry costs Redis and the
 * reader per entry (the XADD, the reply's RESP elements to decode, the id to acknowledge), so a batch
 * of 100 events is one entry, not 100 (docs/performance.md, "Denser stream entries"). No event's
 * text has a raw newline (NDJSON lines are split on it, the rest is JSON.stringify's), so the lines
 * are the events; an entry of one event, as every entry was before, reads the same.
 *
 * Ingest validates every event once and its script appends it; the entry then holds each event
 * in canonical form (`ts` and the other times as epoch milliseconds), so the consumer parses it
 * and guards it (below) without validating it again. The client's own text is kept when it already is
 * canonical (the common case: a bridge sending epoch-ms times), so ingest serialises nothing;
 * an event whose times came as ISO-8601 is written as its normalised JSON instead.
 *
 * readEvent keeps a guard for entries our script did not write (an operator's XADD, a foreign tool, a
 * corrupted restore): a line the engine cannot take (a centre it does not know, an agent.state without
 * its agent, a time no Date holds) makes it throw, and a step that throws on every retry would stall
 * the whole pipeline behind that one line. So a line must be an object with a string id, a known type,
 * `ts` in epoch milliseconds and its own stream's centre, and carry the fields its type needs and may
 * have as the validator checks them (fieldsError; the times its type declares as epoch milliseconds, as ingest
 * writes them); else it is skipped and counted (`unreadableEntries` in /v1/status), the entry's other
 * lines still read. entry.property.test.ts mangles events of every type: what the guard lets through,
 * the engine takes. What the guard leaves out of validation (the copy into canonical form, the age and
 * skew of `ts`, queues being configured) is what ingest alone needs (docs/performance.md, "One validation").
 */
import { EVENT_TYPES, type CanonicalEvent, type EventType } from '../ingest/contract.js';
import { fieldsError, isEpochMs, timeFieldsOf, TIMESTAMP_FIELDS } from '../ingest/validate.js';

/** entryText is what the stream stores for a validated event: `raw` when parsing it gives `event`, else `event`'s JSON. */
export function entryText(value: unknown, event: CanonicalEvent, raw: string): string {
  const parsed = value as Record<string, unknown>;
  const canonical = event as unknown as Record<string, unknown>;
  if (parsed.ts !== canonical.ts) return JSON.stringify(event);
  for (const field of TIMESTAMP_FIELDS) if (parsed[field] !== canonical[field]) return JSON.stringify(event);
  return raw;
}

const TYPES: ReadonlySet<unknown> = new Set(EVENT_TYPES);

/** The field of a stream entry that holds its events. */
export const EVENTS_FIELD = 'e';

/** joinLines is the text of an entry holding these events' texts, in order (store.ts's script splits it the same way). */
export function joinLines(texts: readonly string[]): string {
  return texts.join('\n');
}

/** entryLines is the events' texts an entry's text holds, in order. */
export function entryLines(text: string): string[] {
  return text.split('\n');
}

/** lineCount is how many events' texts an entry's text holds (what entryLines would give, without making them). */
export function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** readEvent parses one line of an entry of `centre`'s stream, or says why it is not an event ingest could have written. */
export function readEvent(text: string, centre: string): { event: CanonicalEvent } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'stream entry is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'stream entry is not an event object' };
  const e = value as Record<string, unknown>;
  if (typeof e.id !== 'string' || !TYPES.has(e.type) || !isEpochMs(e.ts) || e.centre !== centre) {
    return { error: `stream entry is not a canonical event of ${centre} (id, type, ts as epoch milliseconds, centre)` };
  }
  const fieldError = fieldsError(e, e.type as EventType) ?? canonicalTimesError(e, e.type as EventType);
  if (fieldError) return { error: `stream entry ${e.id} is not a canonical event: ${fieldError}` };
  return { event: value as CanonicalEvent };
}

/** canonicalTimesError says which time its type declares is not epoch milliseconds, as ingest writes every one. */
function canonicalTimesError(e: Record<string, unknown>, type: EventType): string | undefined {
  for (const field of timeFieldsOf(type)) if (e[field] !== undefined && !isEpochMs(e[field])) return `${field} must be epoch milliseconds`;
  return undefined;
}
