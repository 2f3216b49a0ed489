/**
 * acceptTranslation hands a vendor payload's canonical events to the shared ingest path
 * (validation, idempotency, durable append) and adds what the translation skipped, so
 * every adapter answers with the same report.
 */
import type { Ingest, IngestReport } from '../accept.js';
import { fromSource, type Translation } from './translation.js';

/** The ingest report plus the vendor events that produced nothing (`ignored`) or named something unmapped. */
export interface AdapterReport extends IngestReport {
  ignored: Record<string, number>;
  unmapped: Record<string, number>;
}

/** acceptTranslation validates and appends the translated events as `source`'s (skipping ingest when there are none). */
export async function acceptTranslation(ingest: Ingest, translation: Translation, source: string): Promise<AdapterReport> {
  const report = translation.events.length > 0 ? await ingest.acceptValues(fromSource(translation.events, source)) : { accepted: 0, duplicates: 0, rejected: [], rejectedCount: 0 };
  return { ...report, ignored: translation.ignored, unmapped: translation.unmapped };
}
