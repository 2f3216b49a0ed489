/**
 * The text of a stream entry, and reading it back.
 *
 * Ingest validates every event once and its script appends it; the entry then holds the event
 * in canonical form (`ts` and the other times as epoch milliseconds), so the consumer only
 * parses it and never validates it again. The client's own text is kept when it already is
 * canonical (the common case: a bridge sending epoch-ms times), so ingest serialises nothing;
 * an event whose times came as ISO-8601 is written as its normalised JSON instead.
 *
 * readEntry keeps one cheap structural guard for entries our script did not write (an operator's
 * XADD, a foreign tool, a corrupted restore): the engine throws on a centre it does not know, and a
 * step that throws on every retry would stall the whole pipeline behind one bad entry. So an entry
 * that is not an object with a string id, a known type, numeric `ts` and its own stream's centre
 * is skipped and counted (`unreadableEntries` in /v1/status). The guard reads five fields;
 * validation would check every field of the type (docs/performance.md, "One validation").
 */
import { EVENT_TYPES, type CanonicalEvent } from '../ingest/contract.js';
import { TIMESTAMP_FIELDS } from '../ingest/validate.js';

/** entryText is what the stream stores for a validated event: `raw` when parsing it gives `event`, else `event`'s JSON. */
export function entryText(value: unknown, event: CanonicalEvent, raw: string): string {
  const parsed = value as Record<string, unknown>;
  const canonical = event as unknown as Record<string, unknown>;
  if (parsed.ts !== canonical.ts) return JSON.stringify(event);
  for (const field of TIMESTAMP_FIELDS) if (parsed[field] !== canonical[field]) return JSON.stringify(event);
  return raw;
}

const TYPES: ReadonlySet<unknown> = new Set(EVENT_TYPES);

/** readEntry parses an entry of `centre`'s stream, or says why it is not one ingest could have written. */
export function readEntry(text: string | undefined, centre: string): { event: CanonicalEvent } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return { error: 'stream entry is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'stream entry is not an event object' };
  const e = value as Record<string, unknown>;
  if (typeof e.id !== 'string' || !TYPES.has(e.type) || typeof e.ts !== 'number' || e.centre !== centre) {
    return { error: `stream entry is not a canonical event of ${centre} (id, type, numeric ts, centre)` };
  }
  return { event: value as CanonicalEvent };
}
