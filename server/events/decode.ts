/**
 * decodeBatch splits a request body (a JSON array, one JSON object, or NDJSON) into
 * items. Each NDJSON line keeps its raw text so it can be written to the stream as is,
 * without serialising it again.
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

export function decodeBatch(body: string, ndjson: boolean): DecodedItem[] {
  if (ndjson) return decodeLines(body);
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      // A body of several objects on separate lines is NDJSON sent with the wrong type; accept it.
      if (trimmed.startsWith('{') && body.includes('\n')) return decodeLines(body);
      throw new BodyError(`body is not valid JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((value, index) => ({ index, value, raw: JSON.stringify(value) }));
  }
  if (trimmed.length === 0) throw new BodyError('body is empty: send a JSON array of events or NDJSON');
  throw new BodyError('body must be a JSON array of events or NDJSON (application/x-ndjson)');
}

function decodeLines(body: string): DecodedItem[] {
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
    try {
      out.push({ index, value: JSON.parse(raw), raw, line: lineNo });
    } catch (err) {
      out.push({ index, line: lineNo, error: `line ${lineNo} is not valid JSON: ${(err as Error).message}` });
    }
  }
  return out;
}
