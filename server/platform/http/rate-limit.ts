/**
 * RateLimiter is a token bucket per key: each key may spend `burst` requests at once and
 * earns `perSec` back every second. `RateLimits` holds the two the routes name: `ingest`
 * (keyed by token) and `login` (keyed by client address, since a login has no token yet).
 *
 * The buckets live in this process's memory: with several instances behind a load
 * balancer each one enforces its own limit, so a client may reach N × the limit in all.
 * That is enough for what the limits are for — one runaway bridge or password guesser
 * must not starve the others — and costs no Redis round trip per request.
 */
import type { RateLimitConfig } from './limits-config.js';
import type { Principal } from './auth.js';
import { HttpError } from './errors.js';

/** The outcome of one request: allowed, or refused with how long until one would be. */
export type Verdict = { ok: true } | { ok: false; retryAfterSec: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Keys remembered before idle buckets are swept; keyed by address, login could otherwise grow without end. */
const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly limit: RateLimitConfig,
    private readonly clock: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** take spends one request of `key`'s bucket, or says how many seconds until it could. */
  take(key: string): Verdict {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = this.refilled(bucket, now);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSec)) };
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.limit.perSec);
  }

  // A full bucket is what a new key gets, so forgetting one changes nothing. When too many
  // keys are still spending, the oldest go too, down to 90 %, so sweeps stay rare.
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (this.refilled(bucket, now) >= this.limit.burst) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys * 0.9) break;
      this.buckets.delete(key);
    }
  }
}

/** The limiters a route may name in its `rateLimit` option. */
export interface RateLimits {
  ingest: RateLimiter;
  login: RateLimiter;
}

export function rateLimits(config: { ingest: RateLimitConfig; login: RateLimitConfig }, clock: () => number = Date.now): RateLimits {
  return { ingest: new RateLimiter(config.ingest, clock), login: new RateLimiter(config.login, clock) };
}

/** limitKey names the bucket a token's requests spend, over HTTP and WebSocket alike. */
export function limitKey(principal: Principal): string {
  return `token "${principal.name}"`;
}

/** refusalReason says which limit a refused request ran into and when to try again. */
export function refusalReason(limiter: RateLimiter, who: string, retryAfterSec: number): string {
  const { perSec, burst } = limiter.limit;
  return `rate limit: ${who} may make ${perSec} requests/s (bursts of ${burst}); retry after ${retryAfterSec}s`;
}

/** rateLimited is the 429 for a refused HTTP request, with `Retry-After`. */
export function rateLimited(limiter: RateLimiter, who: string, retryAfterSec: number): HttpError {
  return new HttpError(429, refusalReason(limiter, who, retryAfterSec), { 'Retry-After': String(retryAfterSec) });
}
