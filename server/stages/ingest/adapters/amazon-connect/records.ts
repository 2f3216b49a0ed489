/**
 * The two shapes Amazon Connect data reaches us in, decoded to plain records, and the
 * dispatch of each record to its translator. Pure.
 *
 * - A JSON array of records (or one record): agent events and contact events as Connect
 *   documents them, posted by a Lambda or any bridge with an `ingest` token.
 * - Kinesis Data Firehose HTTP endpoint delivery: `{requestId, timestamp, records: [{data}]}`
 *   where each `data` is base64 of one record (or of several, one per line).
 */
import type { AmazonConnectConfig } from '../config.js';
import { TranslationBuilder, type Translation } from '../translation.js';
import { translateAgentEvent } from './agent-event.js';
import { translateContactEvent } from './contact-event.js';
import { child, isObject, text, type Json } from './fields.js';

const CONTACT_EVENT = 'Amazon Connect Contact Event';

/** translateRecords translates every record, tallying the ones that are neither kind under `ignored`. */
export function translateRecords(records: unknown[], mapping: AmazonConnectConfig): Translation {
  const out = new TranslationBuilder();
  for (const record of records) {
    if (!isObject(record)) out.ignore('(record that is not a JSON object)');
    else if (record['detail-type'] === CONTACT_EVENT || (text(child(record, 'detail'), 'eventType') && text(child(record, 'detail'), 'contactId'))) out.merge(translateContactEvent(record, mapping));
    else if (text(record, 'AgentARN') || child(record, 'CurrentAgentSnapshot')) out.merge(translateAgentEvent(record, mapping));
    else if (text(record, 'contactId') && text(record, 'eventType')) out.merge(translateContactEvent(record, mapping));
    // Only a string names the record: String() of an object whose toString is not a function throws.
    else out.ignore(text(record, 'detail-type') ?? text(record, 'EventType') ?? '(unrecognised record)');
  }
  return out.result;
}

/** A decoded Firehose HTTP endpoint request: its id and the records its `data` held. */
export interface FirehoseDelivery {
  requestId: string;
  records: unknown[];
  /** Records whose data was not base64 JSON. */
  unreadable: number;
}

/** decodeFirehose reads a Firehose HTTP endpoint request body; a string is the reason it is not one. */
export function decodeFirehose(body: unknown): FirehoseDelivery | string {
  if (!isObject(body)) return 'body must be a Firehose delivery {requestId, timestamp, records}';
  const { requestId, records } = body as Json;
  if (typeof requestId !== 'string' || !requestId) return 'requestId is missing';
  if (!Array.isArray(records)) return 'records must be a list';
  const out: FirehoseDelivery = { requestId, records: [], unreadable: 0 };
  for (const record of records) {
    const data = isObject(record) ? record.data : undefined;
    const decoded = typeof data === 'string' ? parseRecordData(Buffer.from(data, 'base64').toString('utf8')) : undefined;
    if (decoded) out.records.push(...decoded);
    else out.unreadable++;
  }
  return out;
}

/** parseRecordData reads one JSON document, or one per line (delivery streams may add newlines). */
function parseRecordData(text: string): unknown[] | undefined {
  if (!text.trim()) return undefined;
  try {
    return [JSON.parse(text)];
  } catch {
    try {
      return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as unknown);
    } catch {
      return undefined;
    }
  }
}
