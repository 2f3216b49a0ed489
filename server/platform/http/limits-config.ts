/**
 * The `limits:` section: token buckets per ingest token (HTTP batches and WebSocket messages)
 * and per client address for sign-in attempts, per instance. Ingest defaults sit above what one
 * instance serves (the bench's single-event POSTs reach ~15,000/s on two cores), so only a
 * runaway client is ever held back.
 */
import { number, section, wholeNumber } from '../../config/fields.js';

/** A token bucket: `burst` requests at once, `perSec` more every second. */
export interface RateLimitConfig {
  perSec: number;
  burst: number;
}

/** bucket is a `{perSec, burst}` setting with its defaults (also used by other sections' limits). */
export function bucket(defaults: RateLimitConfig) {
  return section({ perSec: number(0.01, 1e6).default(defaults.perSec), burst: wholeNumber(1, 1e7).default(defaults.burst) }).prefault({});
}

export const limitsSchema = section({
  ingest: bucket({ perSec: 50_000, burst: 100_000 }),
  login: bucket({ perSec: 1, burst: 10 }),
}).prefault({});
