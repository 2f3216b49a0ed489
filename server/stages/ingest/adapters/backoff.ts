/**
 * Backoff gives the delays between retries of one thing (an AMI reconnect, an ingest
 * POST): doubling from `firstMs` up to `maxMs`, each with up to half of it taken off at
 * random so many bridges restarting together do not retry in lockstep.
 */
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
}

/** Backoff: the delays of one thing being retried; reset() after it succeeds. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** next is the delay before the next attempt. */
  next(): number {
    const full = Math.min(this.options.maxMs, this.options.firstMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(full / 2 + (this.random() * full) / 2);
  }

  /** reset starts again from firstMs, after a success. */
  reset(): void {
    this.attempt = 0;
  }
}

/** sleep waits `ms`, or less when `signal` aborts (it resolves either way). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
