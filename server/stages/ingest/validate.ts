/**
 * validateEvent checks one decoded value against the canonical contract and the
 * configured topology. Unknown fields are kept; wrong ones are rejected with a reason
 * naming the field.
 */
import {
  AGENT_STATES,
  CONTACT_DIRECTIONS,
  IVR_CALL_PHASES,
  OUTBOUND_PURPOSES,
  OUTBOUND_RESULTS,
  SMS_PURPOSES,
  TICKET_KINDS,
  EVENT_TYPES,
  FAULT_SEVERITIES,
  IVR_PORT_STATES,
  MAX_SOURCE_NAME,
  MEDIA,
  SEAT_TYPES,
  type CanonicalEvent,
  type EventType,
} from './contract.js';

/** What the validator needs to know about the world. */
export interface Topology {
  /** centre id → its queue ids. */
  queuesByCentre: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface TimePolicy {
  /** Server time the event is judged against; undefined skips the skew checks (offline replay). */
  now?: number;
  maxFutureSkewSec: number;
  maxAgeSec: number;
}

export type Validation = { ok: true; event: CanonicalEvent } | { ok: false; id?: string; error: string };

const MAX_ID = 200;
const MAX_TEXT = 2000;

type Check = (v: unknown) => string | undefined;

/** nonEmptyString checks a string of 1 to `max` characters. */
const nonEmptyString =
  (max: number): Check =>
  (v) =>
    typeof v !== 'string' || v.length === 0
      ? 'must be a non-empty string'
      : v.length > max
        ? `must be at most ${max} characters`
        : undefined;
const text = nonEmptyString(MAX_TEXT);
const ident = nonEmptyString(MAX_ID);
const sourceName = nonEmptyString(MAX_SOURCE_NAME);
const oneOf = (values: readonly string[]): Check => {
  const allowed: ReadonlySet<unknown> = new Set(values);
  return (v) => (allowed.has(v) ? undefined : `must be one of ${values.join(', ')}`);
};
const count: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1e9 ? undefined : 'must be a whole number ≥ 0';
const seconds: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 7 * 86400
    ? undefined
    : 'must be a number of seconds between 0 and 604800';
const priority: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1000 ? undefined : 'must be a whole number 0–1000';
const identList: Check = (v) => {
  const error = 'must be a list of at most 500 non-empty strings';
  if (!Array.isArray(v) || v.length > 500) return error;
  for (const s of v) if (ident(s) !== undefined) return error;
  return undefined;
};
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
/** A timestamp field inside an event (epoch ms or ISO-8601 with a zone), normalised like `ts`. */
const timestamp: Check = (v) => (parseTimestamp(v) === undefined ? 'must be epoch milliseconds or an ISO-8601 time with a zone' : undefined);
export const TIMESTAMP_FIELDS = ['dueAt', 'start', 'end'] as const;
const agentCounts: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
  for (const key of ['staffed', 'available', 'onContact', 'acw', 'aux']) {
    const value = (v as Record<string, unknown>)[key];
    if (value !== undefined && count(value)) return `.${key} must be a whole number ≥ 0`;
  }
  return undefined;
};

interface FieldSpec {
  required: Record<string, Check>;
  optional?: Record<string, Check>;
}

const SPECS: Record<EventType, FieldSpec> = {
  'contact.queued': { required: { contactId: ident, queue: ident, media: oneOf(MEDIA) }, optional: { priority } },
  'contact.answered': { required: { contactId: ident, queue: ident, agentId: ident }, optional: { waitSec: seconds } },
  'contact.abandoned': { required: { contactId: ident, queue: ident }, optional: { waitSec: seconds } },
  'contact.transferred': {
    required: { contactId: ident, queue: ident, toQueue: ident },
    optional: { toCentre: ident },
  },
  'contact.completed': {
    required: { contactId: ident, queue: ident, agentId: ident, handleSec: seconds },
    optional: { acwSec: seconds, customerId: ident, resolved: bool, direction: oneOf(CONTACT_DIRECTIONS) },
  },
  'agent.state': {
    required: { agentId: ident, state: oneOf(AGENT_STATES), seatType: oneOf(SEAT_TYPES) },
    optional: { skills: identList, reason: text },
  },
  'queue.snapshot': {
    required: { queue: ident, media: oneOf(MEDIA), waiting: count, longestWaitSec: seconds, agents: agentCounts },
  },
  'ivr.port': {
    required: { port: ident, state: oneOf(IVR_PORT_STATES) },
    optional: { callId: ident, menu: text, error: text },
  },
  'system.fault': { required: { component: ident, severity: oneOf(FAULT_SEVERITIES), message: text } },
  'source.heartbeat': { required: { source: sourceName } },
  'ticket.created': { required: { ticketId: ident, kind: oneOf(TICKET_KINDS) }, optional: { queue: ident, dueAt: timestamp } },
  'ticket.updated': { required: { ticketId: ident, status: ident } },
  'ticket.closed': { required: { ticketId: ident } },
  'outbound.attempt': {
    required: { attemptId: ident, campaign: ident, purpose: oneOf(OUTBOUND_PURPOSES), result: oneOf(OUTBOUND_RESULTS) },
    optional: { agentId: ident },
  },
  'sms.sent': { required: { messageId: ident }, optional: { purpose: oneOf(SMS_PURPOSES) } },
  'sms.received': { required: { messageId: ident }, optional: { purpose: oneOf(SMS_PURPOSES) } },
  'ivr.call': {
    required: { callId: ident, phase: oneOf(IVR_CALL_PHASES) },
    optional: { port: ident, menu: text, error: text },
  },
  'agent.shift': { required: { agentId: ident, start: timestamp, end: timestamp }, optional: { seatType: oneOf(SEAT_TYPES) } },
};

/** Every type may name its source; a heartbeat must (its spec makes it required). */
const COMMON_OPTIONAL: Record<string, Check> = { source: sourceName };

// The field checks as lists, made once: validation runs for every event ingested, and listing
// a spec's entries per event showed in profiles.
const FIELD_CHECKS = new Map(
  Object.entries(SPECS).map(([type, spec]) => [
    type as unknown,
    {
      required: Object.entries(spec.required),
      optional: Object.entries({ ...COMMON_OPTIONAL, ...spec.optional }).filter(([field]) => !(field in spec.required)),
      // A queue named (required, or optional as on tickets) must be one of the centre's.
      inQueue: 'queue' in spec.required || 'queue' in (spec.optional ?? {}),
    },
  ]),
);

/** isEpochMs says whether `v` is a time as epoch milliseconds: after 1970, within what a Date can hold. */
export function isEpochMs(v: unknown): v is number {
  return typeof v === 'number' && v > 0 && v < 8.64e15;
}

/** parseTimestamp accepts epoch milliseconds or an ISO-8601 string with a zone. */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v === 'number') return isEpochMs(v) ? v : undefined;
  if (typeof v !== 'string' || v.length > 40) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return undefined;
  // The same range as a number's: a time that is not epoch milliseconds after 1970 would not pass as one again.
  const ms = Date.parse(v);
  return isEpochMs(ms) ? ms : undefined;
}

/** The time fields (TIMESTAMP_FIELDS) each type declares: ingest writes them as epoch milliseconds. */
const TIME_FIELDS = new Map(
  Object.entries(SPECS).map(([type, spec]) => [type as unknown, TIMESTAMP_FIELDS.filter((f) => f in spec.required || f in (spec.optional ?? {}))]),
);

/** timeFieldsOf names the time fields a type declares (another type's `dueAt` is only an unknown field to it). */
export function timeFieldsOf(type: EventType): readonly string[] {
  return TIME_FIELDS.get(type)!;
}

/**
 * fieldsError checks the fields a `type` of event needs and those it may have, but not `id`, `ts`, `centre` or
 * the topology: what the stream's reader checks again of a line ingest did not necessarily write (stream/entry.ts).
 */
export function fieldsError(raw: Record<string, unknown>, type: EventType): string | undefined {
  const checks = FIELD_CHECKS.get(type)!;
  // No field of a spec is a property of Object.prototype, so `undefined` is "not there" (JSON has no undefined).
  const { required, optional } = checks;
  for (let i = 0; i < required.length; i++) {
    const [field, check] = required[i]!;
    const value = raw[field];
    if (value === undefined) return `${type} needs ${field}`;
    const error = check(value);
    if (error) return `${field} ${error}`;
  }
  for (let i = 0; i < optional.length; i++) {
    const [field, check] = optional[i]!;
    const value = raw[field];
    if (value === undefined) continue;
    const error = check(value);
    if (error) return `${field} ${error}`;
  }
  return undefined;
}

export function validateEvent(value: unknown, topology: Topology, time: TimePolicy): Validation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'event must be a JSON object' };
  }
  const raw = value as Record<string, unknown>;
  const id = typeof raw.id === 'string' && raw.id.length <= MAX_ID ? raw.id : undefined;
  const fail = (error: string): Validation => (id === undefined ? { ok: false, error } : { ok: false, id, error });

  const idError = ident(raw.id);
  if (idError) return fail(`id ${idError}`);
  const checks = FIELD_CHECKS.get(raw.type);
  if (!checks) return fail(`type must be one of ${EVENT_TYPES.join(', ')}`);
  const type = raw.type as EventType;
  const ts = parseTimestamp(raw.ts);
  if (ts === undefined) return fail('ts must be epoch milliseconds or an ISO-8601 time with a zone');
  if (time.now !== undefined) {
    if (ts > time.now + time.maxFutureSkewSec * 1000) {
      return fail(`ts is more than ${time.maxFutureSkewSec}s in the future (check the source clock)`);
    }
    if (ts < time.now - time.maxAgeSec * 1000) return fail(`ts is more than ${time.maxAgeSec}s in the past`);
  }
  const centreError = ident(raw.centre);
  if (centreError) return fail(`centre ${centreError}`);
  const queues = topology.queuesByCentre.get(raw.centre as string);
  if (!queues) return fail(`unknown centre "${String(raw.centre)}"`);

  const fieldError = fieldsError(raw, type);
  if (fieldError) return fail(fieldError);
  if (checks.inQueue && raw.queue !== undefined) {
    if (!queues.has(raw.queue as string)) return fail(`unknown queue "${String(raw.queue)}" in centre ${String(raw.centre)}`);
  }
  const event = { ...raw, ts } as Record<string, unknown>;
  for (const field of TIMESTAMP_FIELDS) if (event[field] !== undefined) event[field] = parseTimestamp(event[field]);
  if (type === 'agent.shift' && (event.end as number) <= (event.start as number)) return fail('end must be after start');
  return { ok: true, event: event as unknown as CanonicalEvent };
}
