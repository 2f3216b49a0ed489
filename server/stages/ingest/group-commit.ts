/**
 * GroupCommit lets small requests that arrive together share one Redis call (issue #15).
 *
 * A single-event POST or WebSocket message costs one Lua script call, one round trip; under
 * many concurrent bridges that is the ingest ceiling (docs/performance.md). Requests of at
 * most `smallRequestEvents` events submitted in the same event-loop turn join one group; the
 * group is sent at `setImmediate` (the check phase, right after uWS handed over every request
 * it read in that turn), so grouping never adds a timer's delay — at most the rest of the turn.
 *
 * Each request is answered from the call that carried its events, after Redis replied: its own
 * slice of the results, in order. A failed call rejects exactly the requests it carried; a
 * group sent before or after it is not touched. A request's events always travel in one call
 * (never split), so what a caller is told holds for its whole batch.
 *
 * Bounds: a group carries at most `maxGroupEvents` events and `maxGroupRequests` requests;
 * a request that would overflow it sends the group at once and opens the next. A request
 * larger than `smallRequestEvents` goes alone and at once (it is a batch already).
 */
export interface GroupLimits {
  smallRequestEvents: number;
  maxGroupEvents: number;
  maxGroupRequests: number;
}

export const GROUP_LIMITS: GroupLimits = { smallRequestEvents: 64, maxGroupEvents: 1000, maxGroupRequests: 256 };

interface Member<R> {
  start: number;
  count: number;
  resolve(results: R[]): void;
  reject(err: unknown): void;
}

interface Group<T, R> {
  items: T[];
  members: Member<R>[];
  sent: boolean;
}

export class GroupCommit<T, R> {
  private open?: Group<T, R>;

  /** `run` makes one call for the items and returns one result per item, in order. */
  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly limits: GroupLimits = GROUP_LIMITS,
  ) {}

  /** submit resolves with one result per item once the call that carried them has returned; rejects if that call failed. */
  submit(items: T[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    if (items.length > this.limits.smallRequestEvents) return this.run(items);
    let group = this.open;
    if (group && (group.items.length + items.length > this.limits.maxGroupEvents || group.members.length >= this.limits.maxGroupRequests)) {
      this.send(group);
      group = undefined;
    }
    if (!group) {
      const fresh: Group<T, R> = (group = this.open = { items: [], members: [], sent: false });
      setImmediate(() => this.send(fresh));
    }
    const joined = group;
    return new Promise<R[]>((resolve, reject) => {
      joined.members.push({ start: joined.items.length, count: items.length, resolve, reject });
      for (const item of items) joined.items.push(item);
    });
  }

  private send(group: Group<T, R>): void {
    if (this.open === group) this.open = undefined;
    if (group.sent) return;
    group.sent = true;
    const failAll = (err: unknown) => {
      for (const m of group.members) m.reject(err);
    };
    let call: Promise<R[]>;
    try {
      call = this.run(group.items);
    } catch (err) {
      return failAll(err);
    }
    call.then((results) => {
      if (results.length !== group.items.length) return failAll(new Error(`group commit: ${results.length} results for ${group.items.length} items`));
      for (const m of group.members) m.resolve(results.slice(m.start, m.start + m.count));
    }, failAll);
  }
}
