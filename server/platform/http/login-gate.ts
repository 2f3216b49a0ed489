/**
 * LoginGate bounds the password checks a sign-in flood can start. Each check runs scrypt on
 * the thread pool for ~35 ms, so without a bound a few hundred wrong passwords would keep
 * every core busy and starve the event loop (and with it the pipeline's lease). Two limits,
 * both answered 429 with Retry-After:
 *
 *   limits.loginsInFlight  checks running at once, for the whole instance
 *   limits.loginPerUser    attempts per user name (a token bucket), from any address
 *
 * The per-address bucket (limits.login) is the route's own rateLimit.
 */
import { HttpError } from './errors.js';
import { rateLimited, RateLimiter } from './rate-limit.js';

export class LoginGate {
  private running = 0;

  constructor(
    private readonly maxInFlight: number,
    private readonly perUser: RateLimiter,
  ) {}

  /** enter admits one password check for `user` and returns its `leave`, or throws the 429. */
  enter(user: string): () => void {
    if (this.running >= this.maxInFlight) {
      throw new HttpError(429, `${this.maxInFlight} sign-ins are being checked already (limits.loginsInFlight): retry after 1s`, { 'Retry-After': '1' });
    }
    const who = `user ${JSON.stringify(user)}`;
    const verdict = this.perUser.take(who);
    if (!verdict.ok) throw rateLimited(this.perUser, who, verdict.retryAfterSec);
    this.running++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.running--;
    };
  }
}
