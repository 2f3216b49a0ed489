/**
 * The `limits:` section: token buckets per ingest token (HTTP batches and WebSocket messages),
 * per client address and per user name for sign-in attempts, how many sign-ins are checked at
 * once, and how many request-body bytes the instance holds at once. Ingest defaults sit above
 * what one instance serves (the bench's single-event POSTs reach ~15,000/s on two cores), so
 * only a runaway client is ever held back. All per instance.
 */
import { number, section, wholeNumber, type Issues, type Loose } from '../../config/fields.js';

/** A token bucket: `burst` requests at once, `perSec` more every second. */
export interface RateLimitConfig {
  perSec: number;
  burst: number;
}

const MiB = 1024 * 1024;

/** bucket is a `{perSec, burst}` setting with its defaults (also used by other sections' limits). */
export function bucket(defaults: RateLimitConfig) {
  return section({ perSec: number(0.01, 1e6).default(defaults.perSec), burst: wholeNumber(1, 1e7).default(defaults.burst) }).prefault({});
}

export const limitsSchema = section({
  ingest: bucket({ perSec: 50_000, burst: 100_000 }),
  login: bucket({ perSec: 1, burst: 10 }),
  /** Attempts per user name, from any address: a guesser spread over many addresses still meets it. */
  loginPerUser: bucket({ perSec: 0.2, burst: 5 }),
  /** Password checks (scrypt, ~35 ms of a thread-pool thread each) running at once; more are 429. */
  loginsInFlight: wholeNumber(1, 64).default(2),
  /** Request-body bytes held at once, all routes together; a body that would go over is 503. */
  bodyBytesInFlight: wholeNumber(MiB, 4096 * MiB).default(64 * MiB),
}).prefault({});

export interface LimitsConfig {
  ingest: RateLimitConfig;
  login: RateLimitConfig;
  loginPerUser: RateLimitConfig;
  loginsInFlight: number;
  bodyBytesInFlight: number;
}

/** checkBodyBudget: every body a route may take must fit the budget, or that route could never be served. */
export function checkBodyBudget(config: Loose, issues: Issues): void {
  const limits = config.limits as Loose | undefined;
  const budget = limits?.bodyBytesInFlight;
  if (typeof budget !== 'number') return;
  const largest: [string[], unknown][] = [
    [['ingest', 'maxBodyBytes'], (config.ingest as Loose | undefined)?.maxBodyBytes],
    [['adapters', 'amazonConnect', 'maxBodyBytes'], ((config.adapters as Loose | undefined)?.amazonConnect as Loose | undefined)?.maxBodyBytes],
  ];
  for (const [path, size] of largest) {
    if (typeof size === 'number' && size > budget) {
      issues.addIssue({ code: 'custom', path: ['limits', 'bodyBytesInFlight'], message: `must be at least ${path.join('.')} (${size})` });
    }
  }
}
