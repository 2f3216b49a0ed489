/**
 * acceptBatch is the ingest pipeline shared by HTTP, WebSocket and vendor adapters:
 * decode → validate (the only time: the stream holds canonical events, stream/entry.ts) → append durably
 * (small requests arriving together share one Redis call, group-commit.ts) → report `{accepted, duplicates, rejected, rejectedCount}`.
 */
import type { Config } from '../../config/types.js';
import { decodeBatch, itemOf, MAX_BATCH_EVENTS, type DecodedItem } from './decode.js';
import { topologyOf } from './topology.js';
import { validateEvent, type Topology } from './validate.js';
import { entryText } from '../stream/entry.js';
import type { EventStore, PendingEvent } from './store.js';

export interface Rejection {
  index: number;
  id?: string;
  error: string;
}

export interface IngestReport {
  accepted: number;
  duplicates: number;
  /** The first `ingest.maxRejectionsListed` rejections, in batch order. */
  rejected: Rejection[];
  /** Every rejection, listed or not. */
  rejectedCount: number;
}

/** nothingUsable: every event of the batch was rejected (the batch as a whole is a 400). */
export function nothingUsable(report: IngestReport): boolean {
  return report.accepted + report.duplicates === 0 && report.rejectedCount > 0;
}

export class Ingest {
  private readonly topology: Topology;

  constructor(
    private readonly store: EventStore,
    private readonly config: Pick<Config, 'centres' | 'ingest'>,
    private readonly clock: () => number = Date.now,
    /** Told of every batch's outcome and how long it took (operations metrics). */
    private readonly onReport: (report: IngestReport, seconds: number) => void = () => undefined,
  ) {
    this.topology = topologyOf(config);
  }

  /** acceptBody takes a raw request body; throws BodyError when it cannot be read at all. */
  acceptBody(body: string, ndjson: boolean): Promise<IngestReport> {
    return this.acceptItems(decodeBatch(body, ndjson, MAX_BATCH_EVENTS));
  }

  /** acceptValues takes already-decoded events (vendor adapters). */
  acceptValues(values: unknown[]): Promise<IngestReport> {
    return this.acceptItems(values.map((value, index) => itemOf(index, value)));
  }

  private async acceptItems(items: DecodedItem[]): Promise<IngestReport> {
    const started = performance.now();
    const time = { now: this.clock(), maxAgeSec: this.config.ingest.maxAgeSec, maxFutureSkewSec: this.config.ingest.maxFutureSkewSec };
    const rejected: Rejection[] = [];
    let rejectedCount = 0;
    const reject = (rejection: Rejection) => {
      if (++rejectedCount <= this.config.ingest.maxRejectionsListed) rejected.push(rejection);
    };
    const pending: PendingEvent[] = [];
    for (const item of items) {
      if (item.error !== undefined || item.raw === undefined) {
        reject({ index: item.index, error: item.error ?? 'unreadable event' });
        continue;
      }
      const checked = validateEvent(item.value, this.topology, time);
      if (!checked.ok) {
        reject(checked.id === undefined ? { index: item.index, error: checked.error } : { index: item.index, id: checked.id, error: checked.error });
        continue;
      }
      pending.push({ centre: checked.event.centre, id: checked.event.id, raw: entryText(item.value, checked.event, item.raw) });
    }
    const results = await this.store.append(pending);
    const accepted = results.filter((r) => r !== null).length;
    const report = { accepted, duplicates: results.length - accepted, rejected, rejectedCount };
    this.onReport(report, (performance.now() - started) / 1000);
    return report;
  }
}
