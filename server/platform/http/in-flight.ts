/**
 * InFlight counts the HTTP requests being served, so a shutdown can stop listening, let them
 * finish, and only then close connections and Redis. While `closing`, answers close their
 * connection (`Connection: close`) so a keep-alive client does not send another.
 */
export class InFlight {
  private count = 0;
  private idleWaiters: (() => void)[] = [];
  closing = false;

  /** begin counts one request; the function it returns ends it (once, however often called). */
  begin(): () => void {
    this.count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.count === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    };
  }

  /** idle resolves once no request is in flight. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
