/**
 * What a correct ingest report says about a generated batch: every item accounted for once
 * (accepted, duplicate or rejected with a reason), every valid event accepted the first time
 * it appears and counted as a duplicate after that.
 */
import { expect } from 'vitest';
import type { IngestReport } from '../../stages/ingest/accept.js';
import type { Batch } from './hostile-events.js';

let runs = 0;

/** The default `ingest.maxRejectionsListed`, which the fault tests' servers keep. */
const MAX_LISTED = 20;

/**
 * fresh gives a batch new ids for this run, so that fast-check replaying a value (while
 * shrinking) never meets the ids it sent before: duplicates come only from the batch itself.
 */
export function fresh(batch: Batch, idPrefix: string): Batch {
  const run = `${idPrefix}r${++runs}`;
  return {
    ...batch,
    text: batch.text.replaceAll(idPrefix, run),
    events: batch.events.map((e) => (e.valid ? { ...e, valid: { ...e.valid, id: e.valid.id.replace(idPrefix, run) } } : e)),
  };
}

/** checkReport asserts the report accounts for the batch (its item count, when the body was a well-formed batch). */
export function checkReport(report: IngestReport, batch: Batch): void {
  const keys = batch.events.flatMap((e) => (e.valid ? [`${e.valid.centre}/${e.valid.id}`] : []));
  const distinct = new Set(keys).size;
  if (batch.items !== undefined) expect(report.accepted + report.duplicates + report.rejectedCount).toBe(batch.items);
  expect(report.rejected.length).toBe(Math.min(report.rejectedCount, MAX_LISTED));
  // At least: other events of the batch may be valid by chance.
  expect(report.accepted).toBeGreaterThanOrEqual(distinct);
  expect(report.duplicates).toBeGreaterThanOrEqual(keys.length - distinct);
  expect(report.rejected.filter((r) => !Number.isInteger(r.index) || typeof r.error !== 'string' || r.error.length === 0)).toEqual([]);
}

/** checkNoPollution asserts no input reached Object.prototype. */
export function checkNoPollution(before: string[]): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
}
