/**
 * Heartbeats keeps a feed's silence meaningful (DESIGN.md "Freshness of sources"): a bridge
 * or the simulator notes what it sends per centre, and every centre it has told nothing for
 * HEARTBEAT_EVERY_MS gets a `source.heartbeat`. A quiet night then still shows the feed alive,
 * and only a broken feed goes silent.
 */
import { eventId, type Draft } from './adapters/translation.js';

/** How long a centre may go without hearing from a live feed (well inside the default 60 s silentAfterSec). */
export const HEARTBEAT_EVERY_MS = 15_000;

/** Heartbeats: the last time a source sent each centre something, and the heartbeats due. */
export class Heartbeats {
  private readonly lastSent = new Map<string, number>();

  /** `start`: when the feed began; a centre is first due everyMs after it. */
  constructor(
    private readonly source: string,
    private readonly everyMs: number,
    private readonly start: number,
  ) {}

  /** sent notes events handed over at `at`. */
  sent(events: readonly { centre: string }[], at: number): void {
    for (const e of events) this.lastSent.set(e.centre, at);
  }

  /** due gives a heartbeat for each of `centres` told nothing for everyMs by `now`, and notes it sent. */
  due(centres: Iterable<string>, now: number): Draft[] {
    const out: Draft[] = [];
    for (const centre of centres) {
      if (now - (this.lastSent.get(centre) ?? this.start) < this.everyMs) continue;
      out.push({ id: eventId(this.source, 'heartbeat', centre, now), type: 'source.heartbeat', ts: now, centre, source: this.source });
    }
    this.sent(out, now);
    return out;
  }
}
