/**
 * Hostile ingest input for the property-based fault tests: valid events, events that are
 * almost right, values wrong in every way JSON allows, and bodies that are not JSON at all.
 *
 * Everything is built as JSON *text*, never by serialising a hostile value: that is how a
 * body arrives, and it lets `__proto__` be an ordinary key, keys repeat, and nesting go
 * deeper than JSON.stringify could ever write.
 */
import fc from 'fast-check';
import type { CentreConfig } from '../../config/topology.js';
import {
  AGENT_STATES,
  CONTACT_DIRECTIONS,
  FAULT_SEVERITIES,
  IVR_CALL_PHASES,
  IVR_PORT_STATES,
  MEDIA,
  OUTBOUND_PURPOSES,
  OUTBOUND_RESULTS,
  SEAT_TYPES,
  SMS_PURPOSES,
  TICKET_KINDS,
} from '../../stages/ingest/contract.js';
import { MAX_BATCH_EVENTS } from '../../stages/ingest/decode.js';

/** One event of a batch: its text, and, when it is known to be valid, the key it is deduplicated by. */
export interface EventText {
  text: string;
  valid?: { centre: string; id: string };
}

/** A request body and what a correct server must make of it. */
export interface Batch {
  text: string;
  ndjson: boolean;
  /** Items the body holds (undefined: not a well-formed batch, so a 400 is as right as a report). */
  items?: number;
  events: EventText[];
}

const HOUR = 3_600_000;
const nest = (depth: number, open: string, close: string, inner: string) => open.repeat(depth) + inner + close.repeat(depth);

/** A JSON value as text: ordinary, huge, deep, polluting, or odd. */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('1e308', '-1e308', '1e999', '-1e999', '9007199254740993', '-0', '5e-324', '8640000000000001', '123456789012345678901234567890', '0.1'),
  fc.tuple(fc.constantFrom('x', '€', '𝄞', '\u0000', '"', '\\', '\n', '\u2028'), fc.integer({ min: 1_000, max: 20_000 })).map(([c, n]) => JSON.stringify(c.repeat(n))),
  fc.integer({ min: 30, max: 3_000 }).map((n) => nest(n, '[', ']', '1')),
  fc.integer({ min: 30, max: 3_000 }).map((n) => nest(n, '{"a":', '}', 'null')),
  fc.constantFrom(
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"__proto__":{"__proto__":{"polluted":"yes"}},"toString":1,"hasOwnProperty":"x","valueOf":null}',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '[]',
    '{}',
    'null',
  ),
);

/** Timestamps far in the past or future, in both encodings, and not-quite timestamps. */
const hostileTs: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '-1', '1', '8.64e15', '1e20', '"1970-01-01T00:00:00Z"', '"9999-12-31T23:59:59Z"', '"+275760-09-13T00:00:00.000Z"', '"2026-02-30T00:00:00Z"', '"2026-11-23T09:00:00"', '"now"', '""'),
  fc.integer({ min: -1e15, max: 1e16 }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => JSON.stringify(d.toISOString())),
  fc.tuple(fc.integer({ min: 2, max: 400 }), fc.constantFrom(-1, 1)).map(([days, sign]) => String(Date.now() + sign * days * 86_400_000)),
);

const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'id', 'type', 'ts', 'centre', 'queue', 'media', '', 'polluted'), fc.string({ maxLength: 12 }));

/** validEvent is an event of any type that the shipped topology accepts, with a fresh id. */
export function validEvent(centres: CentreConfig[], idPrefix: string): fc.Arbitrary<{ fields: Record<string, unknown>; centre: string; id: string }> {
  const place = fc.constantFrom(...centres.flatMap((c) => c.queues.map((q) => ({ centre: c.id, queue: q.id, media: q.media }))));
  const word = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
  const secs = fc.integer({ min: 0, max: 3600 });
  // A time inside an event (dueAt, a shift's start and end), in either encoding; any time will do.
  const at = (ms: number, iso: boolean) => (iso ? new Date(ms).toISOString() : ms);
  const instant = fc.tuple(fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }), fc.boolean());
  const typed = fc.oneof(
    fc.record({ type: fc.constant('contact.queued'), contactId: word, priority: fc.integer({ min: 0, max: 1000 }) }),
    fc.record({ type: fc.constantFrom('contact.answered', 'contact.abandoned'), contactId: word, agentId: word, waitSec: secs }),
    fc.record({ type: fc.constant('contact.transferred'), contactId: word, toQueue: word }),
    fc.record(
      { type: fc.constant('contact.completed'), contactId: word, agentId: word, handleSec: secs, customerId: word, resolved: fc.boolean(), direction: fc.constantFrom(...CONTACT_DIRECTIONS) },
      { requiredKeys: ['type', 'contactId', 'agentId', 'handleSec'] },
    ),
    fc.record({ type: fc.constant('agent.state'), agentId: word, state: fc.constantFrom(...AGENT_STATES), seatType: fc.constantFrom(...SEAT_TYPES), skills: fc.array(word, { maxLength: 3 }) }),
    fc.record({ type: fc.constant('queue.snapshot'), waiting: fc.nat(50), longestWaitSec: secs, agents: fc.record({ staffed: fc.nat(20), available: fc.nat(20) }) }),
    fc.record({ type: fc.constant('ivr.port'), port: word, state: fc.constantFrom(...IVR_PORT_STATES) }),
    fc.record({ type: fc.constant('system.fault'), component: word, severity: fc.constantFrom(...FAULT_SEVERITIES), message: fc.string({ minLength: 1, maxLength: 40 }) }),
    fc.record({ type: fc.constant('ticket.created'), ticketId: word, kind: fc.constantFrom(...TICKET_KINDS), dueAt: instant.map(([ms, iso]) => at(ms, iso)) }, { requiredKeys: ['type', 'ticketId', 'kind'] }),
    fc.record({ type: fc.constant('ticket.updated'), ticketId: word, status: word }),
    fc.record({ type: fc.constant('ticket.closed'), ticketId: word }),
    fc.record(
      { type: fc.constant('outbound.attempt'), attemptId: word, campaign: word, purpose: fc.constantFrom(...OUTBOUND_PURPOSES), agentId: word, result: fc.constantFrom(...OUTBOUND_RESULTS) },
      { requiredKeys: ['type', 'attemptId', 'campaign', 'purpose', 'result'] },
    ),
    fc.record({ type: fc.constantFrom('sms.sent', 'sms.received'), messageId: word, purpose: fc.constantFrom(...SMS_PURPOSES) }, { requiredKeys: ['type', 'messageId'] }),
    fc.record({ type: fc.constant('ivr.call'), callId: word, phase: fc.constantFrom(...IVR_CALL_PHASES), port: word, menu: word }, { requiredKeys: ['type', 'callId', 'phase'] }),
    fc
      .record({ agentId: word, start: instant, hours: fc.integer({ min: 1, max: 12 }), seatType: fc.constantFrom(...SEAT_TYPES) })
      .map(({ agentId, start: [ms, iso], hours, seatType }) => ({ type: 'agent.shift', agentId, start: at(ms, iso), end: at(ms + hours * 3_600_000, !iso), seatType })),
  );
  return fc.tuple(place, typed, fc.uuid(), fc.integer({ min: 1, max: HOUR }), fc.boolean()).map(([where, fields, uuid, age, iso]) => {
    const id = `${idPrefix}-${uuid}`;
    const ts = Date.now() - age;
    return { centre: where.centre, id, fields: { id, ts: iso ? new Date(ts).toISOString() : ts, centre: where.centre, queue: where.queue, media: where.media, ...fields } };
  });
}

/** mutate breaks a valid event: a field wrong, missing, repeated or added, a far-off ts, an unknown place. */
function mutated(valid: fc.Arbitrary<{ fields: Record<string, unknown> }>): fc.Arbitrary<EventText> {
  const edit = fc.oneof(
    fc.tuple(fc.constant('set' as const), hostileKey, hostileJson),
    fc.tuple(fc.constant('set' as const), fc.constantFrom('ts', 'dueAt', 'start', 'end'), hostileTs),
    fc.tuple(fc.constant('set' as const), fc.constantFrom('centre', 'queue', 'toCentre'), fc.oneof(fc.constantFrom('"atlantis"', '"HANGZHOU"', '"hangzhou "', '"nowhere"'), fc.string().map((s) => JSON.stringify(s)))),
    fc.tuple(fc.constant('drop' as const), fc.constantFrom('id', 'type', 'ts', 'centre', 'queue', 'contactId', 'agentId', 'media', 'state', 'ticketId', 'kind', 'phase', 'start', 'end'), fc.constant('')),
  );
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([event, edits, repeatKey]) => {
    // Its own id, so a mutant that is still valid never counts as a duplicate of its original.
    const entries: [string, string][] = Object.entries({ ...event.fields, id: `${String(event.fields.id)}-m` }).map(([k, v]) => [k, JSON.stringify(v)]);
    for (const [kind, key, text] of edits) {
      const at = entries.findIndex(([k]) => k === key);
      if (kind === 'drop') {
        if (at >= 0) entries.splice(at, 1);
      } else if (at >= 0 && !repeatKey) entries[at] = [key, text];
      else entries.push([key, text]); // a repeated key: JSON.parse keeps the last
    }
    return { text: `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}` };
  });
}

/** eventBatch is a batch of valid, broken and foreign events with some repeated, as an array, NDJSON or one object. */
export function eventBatch(centres: CentreConfig[], idPrefix: string): fc.Arbitrary<Batch> {
  const valid = validEvent(centres, idPrefix);
  const one = fc.oneof(
    { weight: 3, arbitrary: valid.map((e): EventText => ({ text: JSON.stringify(e.fields), valid: { centre: e.centre, id: e.id } })) },
    { weight: 3, arbitrary: mutated(valid) },
    { weight: 1, arbitrary: hostileJson.map((text): EventText => ({ text })) },
  );
  return fc.tuple(fc.array(one, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom('array', 'ndjson', 'single'), fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 })).map(([list, repeats, shape, junk]) => {
    const events = [...list, ...repeats.map((i) => list[i % list.length]!)];
    // One value: an object is one event; anything else (an array, a string) is its own case.
    if (shape === 'single') return { text: events[0]!.text, ndjson: false, items: events[0]!.text.startsWith('{') ? 1 : undefined, events: [events[0]!] };
    if (shape === 'array') return { text: `[${events.map((e) => e.text).join(',')}]`, ndjson: false, items: events.length, events };
    // NDJSON with junk lines among the events (and blank ones, which do not count).
    const lines = [...events.map((e) => e.text), ...junk.map((j) => j.replace(/[\r\n]/g, ' '))];
    return { text: `${lines.join('\n')}\n\n`, ndjson: true, items: lines.filter((l) => l.trim().length > 0).length, events };
  });
}

/** garbageBody is a body that is not a batch of events at all: random text, JSON, deep nesting, too many items. */
export const garbageBody: fc.Arbitrary<Batch> = fc
  .tuple(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json(),
      hostileJson,
      fc.integer({ min: 10_000, max: 100_000 }).map((n) => nest(n, '[', ']', '')),
      fc.integer({ min: MAX_BATCH_EVENTS - 2, max: MAX_BATCH_EVENTS + 2 }).map((n) => `[${Array(n).fill('1').join(',')}]`),
      fc.constantFrom('', ' ', '\n\n', '[', '{', '[{"id":', '{"a":1}\n{"b":', 'null', '"x"', '<events/>'),
    ),
    fc.boolean(),
  )
  .map(([text, ndjson]) => ({ text, ndjson, events: [] }));

/** isUtf8 says whether bytes are well-formed UTF-8 (what the server reads a body or a frame as). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
