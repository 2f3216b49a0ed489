/**
 * The one rule for every outbound call (Twilio SMS and ACD webhooks): is a failure worth
 * another attempt? The far end's 5xx and 429 (and 408) say "later"; timeouts and
 * refused, reset or unresolvable connections never reached a decision, so they are worth
 * another try too. Any other 4xx (an invalid number, a rejected payload) fails the same
 * way every time. Job runners ask `isRetryable` and give up at once when it says no.
 *
 * Worth another try is not the same as not delivered: a call that timed out or was cut off after
 * it was sent may have been taken without our hearing back. `mayHaveArrived` tells those apart
 * from calls that never left (a refused or unresolvable connection): what must never go out
 * twice (an SMS) is not sent again after them.
 */

/** OutboundError is a failed outbound call whose retry verdict was taken by `isRetryable`. */
export class OutboundError extends Error {
  readonly retryable: boolean;
  /** The far end's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(message: string, cause: unknown, status?: number) {
    super(message, { cause });
    this.name = new.target.name;
    this.status = status;
    this.retryable = status === undefined ? isRetryable(cause) : retryableStatus(status);
  }
}

/** isRetryable says whether trying the same call again may succeed. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof OutboundError) return err.retryable;
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return retryableStatus(status);
  // No HTTP answer at all (timeout, ECONNREFUSED, ECONNRESET, DNS…): the far end may be back
  // next time, and attempts are bounded, ending in a dead letter.
  return true;
}

/** Connection failures before anything was sent: the far end cannot have taken the call. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);

/** mayHaveArrived says whether a failed call may still have been taken: no answer heard, and not refused before sending. */
export function mayHaveArrived(err: unknown): boolean {
  if (err instanceof OutboundError && err.status !== undefined) return false;
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return false;
  const cause = err instanceof OutboundError ? err.cause : err;
  const code = (cause as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && NEVER_SENT.has(code));
}

/** retryableStatus is the HTTP half of the rule. */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
