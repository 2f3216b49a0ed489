/**
 * decodeBatch splits a request body (a JSON array, one JSON object, or NDJSON) into
 * items. Each NDJSON line keeps its raw text so it can be written to the stream as is,
 * without serialising it again.
 *
 * Two limits keep hostile bodies cheap: ingest takes at most MAX_BATCH_EVENTS events per
 * request (each rejected one is listed in the reply, so a megabyte of `[1,1,…]` would
 * otherwise come back as 28 MB), and events nest at most MAX_DEPTH deep (JSON.parse takes
 * any depth, but serialising it again recurses and would overflow the stack).
 */
export interface DecodedItem {
  index: number;
  value?: unknown;
  /** The exact JSON text of this event (NDJSON line or re-serialised array element). */
  raw?: string;
  /** 1-based line in the body, for NDJSON. */
  line?: number;
  error?: string;
}

export class BodyError extends Error {}

/** How many events one ingest request (or WebSocket message) may carry. */
export const MAX_BATCH_EVENTS = 10_000;

/** checkBatchSize refuses a batch of more than `max` events. */
export function checkBatchSize(count: number, max = MAX_BATCH_EVENTS): void {
  if (count > max) throw new BodyError(`a batch may carry at most ${max} events: split it`);
}

/** How deeply an event may nest objects and arrays (the event itself is level 1). */
export const MAX_DEPTH = 32;
const DEPTH_ERROR = `event nests objects or arrays more than ${MAX_DEPTH} levels deep`;

/**
 * tooDeep says whether a parsed JSON value nests deeper than `max` levels; it stops looking as soon as it knows.
 * It walks keys in place (no `Object.values` array an object: it runs for every event ingested).
 */
export function tooDeep(value: unknown, max = MAX_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (tooDeep(value[i], max - 1)) return true;
    return false;
  }
  for (const key in value) if (tooDeep((value as Record<string, unknown>)[key], max - 1)) return true;
  return false;
}

/** itemOf is one parsed event as an item, re-serialised for the stream, or refused when nested too deeply. */
export function itemOf(index: number, value: unknown): DecodedItem {
  return tooDeep(value) ? { index, error: DEPTH_ERROR } : { index, value, raw: JSON.stringify(value) };
}

/** `maxEvents` bounds what a request may carry (a recorded file for replay has no bound). */
export function decodeBatch(body: string, ndjson: boolean, maxEvents = Number.POSITIVE_INFINITY): DecodedItem[] {
  if (ndjson) return decodeLines(body, maxEvents);
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      // A body of several objects on separate lines is NDJSON sent with the wrong type; accept it.
      if (trimmed.startsWith('{') && body.includes('\n')) return decodeLines(body, maxEvents);
      throw new BodyError(`body is not valid JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    checkBatchSize(list.length, maxEvents);
    return list.map((value, index) => itemOf(index, value));
  }
  if (trimmed.length === 0) throw new BodyError('body is empty: send a JSON array of events or NDJSON');
  throw new BodyError('body must be a JSON array of events or NDJSON (application/x-ndjson)');
}

function decodeLines(body: string, maxEvents: number): DecodedItem[] {
  const out: DecodedItem[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    lineNo++;
    const raw = body.slice(start, end).trim();
    start = end + 1;
    if (raw.length === 0) continue;
    const index = out.length;
    checkBatchSize(index + 1, maxEvents);
    try {
      const value: unknown = JSON.parse(raw);
      out.push(tooDeep(value) ? { index, line: lineNo, error: `line ${lineNo}: ${DEPTH_ERROR}` } : { index, value, raw, line: lineNo });
    } catch (err) {
      out.push({ index, line: lineNo, error: `line ${lineNo} is not valid JSON: ${(err as Error).message}` });
    }
  }
  return out;
}
