/**
 * EventForwarder delivers canonical events to the ingest API (`POST <target>/v1/events`,
 * NDJSON, bearer token) in the order they were pushed, holding them while the server is
 * unreachable or restarting.
 *
 *   push ─► waiting (bounded, oldest dropped past maxQueued) ─► in flight ─► POST
 *                                                                 │ 503 / network: same batch again after backoff
 *                                                                 │ 413: halve it · 401/403: stop (fatal)
 *
 * Every event keeps its id across retries, so a batch the server took but whose answer
 * was lost is counted once. What to retry is decided by the ingest client's verdictFor.
 */
import { MAX_BATCH_EVENTS, postBatch, takeBatch } from '../../client.js';
import type { Logger } from '../../../../platform/log/log.js';
import { Backoff, sleep, type BackoffOptions } from '../backoff.js';
import type { Draft } from '../translation.js';

/** Where to deliver, with which token, and how much to hold. */
export interface ForwarderOptions {
  target: string;
  token: string;
  logger: Logger;
  /** Most events held while the server is away (default 100 000); past it the oldest go. */
  maxQueued?: number;
  backoff?: BackoffOptions;
  /** Called once when the server refuses the token: retrying cannot help. */
  onFatal(error: Error): void;
}

/** Running totals of what the server answered, and what is still pending. */
export interface ForwarderStats {
  accepted: number;
  duplicates: number;
  rejected: number;
  dropped: number;
  /** POSTs that failed and were retried. */
  retries: number;
  pending: number;
}

/** EventForwarder: one delivery loop, started by the constructor (see above). */
export class EventForwarder {
  private waiting: string[] = [];
  private inFlight: string[] = [];
  private batchLimit = MAX_BATCH_EVENTS;
  private readonly backoff: Backoff;
  private readonly stopping = new AbortController();
  private wake?: () => void;
  private failing = false;
  private readonly counts = { accepted: 0, duplicates: 0, rejected: 0, dropped: 0, retries: 0 };
  private readonly loop: Promise<void>;

  constructor(private readonly options: ForwarderOptions) {
    this.backoff = new Backoff(options.backoff ?? { firstMs: 250, maxMs: 10_000 });
    this.loop = this.run();
  }

  push(events: readonly Draft[]): void {
    if (events.length === 0) return;
    for (const event of events) this.waiting.push(JSON.stringify(event));
    const excess = this.waiting.length - (this.options.maxQueued ?? 100_000);
    if (excess > 0) {
      this.waiting.splice(0, excess);
      this.counts.dropped += excess;
      this.options.logger.error({ dropped: excess, totalDropped: this.counts.dropped }, 'ingest unreachable too long: queue full, oldest events dropped');
    }
    this.wake?.();
  }

  get stats(): ForwarderStats {
    return { ...this.counts, pending: this.waiting.length + this.inFlight.length };
  }

  /** stop gives up waiting for the server; call flush first to deliver what is pending. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await this.loop;
  }

  /** flush resolves once nothing is pending (or the forwarder stopped). */
  async flush(): Promise<void> {
    while (this.stats.pending > 0 && !this.stopping.signal.aborted) await sleep(20, this.stopping.signal);
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (!this.stopping.signal.aborted) {
      if (this.inFlight.length === 0) {
        if (this.waiting.length === 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
          continue;
        }
        this.inFlight = this.waiting.splice(0, takeBatch(this.waiting, this.batchLimit));
      }
      const result = await postBatch(this.options.target, this.options.token, this.inFlight, this.stopping.signal);
      if (result.verdict === 'done') {
        if (this.failing) logger.info({ events: this.inFlight.length, pending: this.waiting.length }, 'ingest reachable again; delivering held events');
        this.failing = false;
        this.backoff.reset();
        this.counts.accepted += result.accepted;
        this.counts.duplicates += result.duplicates;
        this.counts.rejected += result.rejectedCount;
        if (result.rejected.length > 0) logger.warn({ rejected: result.rejected.slice(0, 10) }, 'ingest rejected events (check the mapping)');
        this.inFlight = [];
      } else if (result.verdict === 'retry') {
        this.counts.retries++;
        this.failing = true;
        const delay = this.backoff.next();
        logger.warn({ status: result.status, error: result.error, events: this.inFlight.length, retryInMs: delay }, 'ingest unavailable; holding events');
        await sleep(delay, this.stopping.signal);
      } else if (result.verdict === 'split' && this.inFlight.length > 1) {
        this.batchLimit = Math.ceil(this.inFlight.length / 2);
        this.waiting.unshift(...this.inFlight.splice(this.batchLimit));
      } else if (result.verdict === 'fatal') {
        logger.error({ status: result.status, error: result.error }, 'ingest refused the token; bridge stops');
        this.stopping.abort();
        this.options.onFatal(new Error(`ingest refused the token (${result.status}): ${result.error}`));
      } else {
        this.counts.rejected += this.inFlight.length;
        logger.error({ status: result.status, error: result.error, events: this.inFlight.length }, 'ingest refused a batch; its events are lost');
        this.inFlight = [];
      }
    }
  }
}
