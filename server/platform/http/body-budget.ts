/**
 * BodyBudget bounds the request-body bytes the instance holds at once, all routes together
 * (`limits.bodyBytesInFlight`). Each route's `maxBody` bounds one request; this bounds how
 * many of them add up, so a crowd of large bodies cannot take the memory the pipeline needs.
 * A request holds its share from its first byte until its reply has been sent.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** take reserves `bytes` more, or says no (and reserves nothing) when they would not fit. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }

  get inUse(): number {
    return this.held;
  }
}
