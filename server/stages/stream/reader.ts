/**
 * StreamReader reads the centres' streams for the pipeline runner through the `metrics`
 * consumer group:
 *
 *   claimPending (a new term takes over every entry read but not acknowledged, oldest first)
 *   read (XREADGROUP >, blocking) ─► entries with their text, per centre
 *   eventsIn / events ─► the events, parsed as the step takes them (not validated again: ingest validated
 *   them before writing them; see entry.ts)
 *   takeAcks ─► the ids delivered and applied so far, acknowledged by the commit that checkpoints them
 *
 * Batches are sized in events: an entry holds the events of one append (entry.ts), so a read asks
 * for as many entries as make the batch at the last read's events per entry.
 *
 * An entry's events are parsed only when taken, one at a time: parsed at the read, a cold start's batch
 * of 10,000 events a centre lived as objects until its step, through several young-generation collections
 * that copied them all (1.4 s of a 1,000,000-event catch-up went to collecting; docs/performance.md, "Events
 * parsed as they are applied").
 *
 * It decides nothing: which entries count is the runner's business (by the committed positions).
 * On Redis Cluster each centre's stream is in a slot of its own and one XREADGROUP may not span
 * slots, so it reads each centre with a call of its own (not blocking: blocked calls would queue
 * behind each other on a node's connection) and, when all are empty, waits a short poll.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../../config/types.js';
import type { CanonicalEvent } from '../ingest/contract.js';
import type { Logger } from '../../platform/log/log.js';
import { METRICS_GROUP, type Keys } from '../../platform/redis/keys.js';
import { compareIds } from './checkpoint.js';
import { entryLines, EVENTS_FIELD, lineCount, readEvent } from './entry.js';

/** StreamEntry is one stream entry: its id and its events' text (entry.ts; none when unreadable: it still moves the position). */
export interface StreamEntry {
  id: string;
  /** The field that holds the events (EVENTS_FIELD), when the entry has it. */
  text: string | undefined;
}

/** How much a read takes: an ordinary batch, a catch-up batch, a catch-up batch at a term's start (see read). */
export type ReadPace = 'live' | 'behind' | 'starting';

type RawEntry = [id: string, fields: string[]];
type StreamReply = [key: string, entries: RawEntry[]][];

/** On Cluster, how long a read that found nothing waits before the runner asks again. */
export const CLUSTER_POLL_MS = 50;

export class StreamReader {
  /** Per centre, the ids delivered and not yet acknowledged, and whether they are in stream order (see takeAcks). */
  private readonly delivered = new Map<string, { ids: string[]; inOrder: boolean }>();
  private lastTrim = 0;
  /** How many events the last read's entries held on average (at least 1). */
  private eventsPerEntry = 1;
  /** Lines of entries that could not be read as events (never expected: only a foreign writer makes them). */
  unreadable = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly config: Pick<Config, 'centres' | 'metrics'>,
    private readonly logger: Logger,
    private readonly consumerName: string,
    /** Events a centre an ordinary read takes, one while behind, and one while a term catches up at its start (see read). */
    private readonly batchEvents = 2000,
    private readonly catchUpEvents = batchEvents * 5,
    private readonly startEvents = batchEvents * 25,
  ) {}

  /** entriesFor is how many entries make about `events` events, going by the last read. */
  private entriesFor(events: number): number {
    return Math.max(1, Math.round(events / this.eventsPerEntry));
  }

  private get centres(): string[] {
    return this.config.centres.map((c) => c.id);
  }

  /** createGroups makes each centre's stream and consumer group if missing. */
  async createGroups(): Promise<void> {
    for (const centre of this.centres) {
      await this.redis.xgroup('CREATE', this.keys.stream(centre), METRICS_GROUP, '0', 'MKSTREAM').catch((err: Error) => {
        if (!err.message.includes('BUSYGROUP')) throw err;
      });
    }
  }

  /** claimPending takes over every entry of a centre read but not acknowledged (by any consumer), oldest first. */
  async claimPending(centre: string): Promise<StreamEntry[]> {
    const out: StreamEntry[] = [];
    let cursor = '0-0';
    do {
      const reply = (await this.redis.xautoclaim(this.keys.stream(centre), METRICS_GROUP, this.consumerName, 0, cursor, 'COUNT', this.entriesFor(this.batchEvents))) as [string, (RawEntry | null)[]];
      cursor = reply[0];
      out.push(...this.entries(centre, reply[1].filter((e): e is RawEntry => e !== null)));
    } while (cursor !== '0-0');
    return out.sort((a, b) => compareIds(a.id, b.id));
  }

  /**
   * read waits up to `blockMs` for entries never delivered, and returns them per centre. Behind (the last read
   * was full), it reads catchUpEvents a centre: fewer, larger steps catch up sooner, and each holds the event
   * loop longer. At a term's start (a cold start, a take-over) nothing live waits on the steps yet, so the
   * catch-up then reads startEvents: 150,000 events a step for three centres instead of 30,000 took a
   * 1,000,000-event catch-up 10–25 % less CPU (docs/performance.md, "Events parsed as they are applied").
   */
  async read(blockMs: number, pace: ReadPace = 'live'): Promise<Map<string, StreamEntry[]>> {
    const centres = this.centres;
    // A pipeline partition without centres of its own (the roll-up) only waits for its next step.
    if (centres.length === 0) {
      await new Promise((r) => setTimeout(r, Math.max(1, blockMs)));
      return new Map();
    }
    const streams = centres.map((c) => this.keys.stream(c));
    const count = this.entriesFor({ live: this.batchEvents, behind: this.catchUpEvents, starting: this.startEvents }[pace]);
    let replies: (StreamReply | null)[];
    try {
      if (this.redis.isCluster) {
        replies = await Promise.all(streams.map((s) => this.readGroup(count, [], [s])));
        if (replies.every((r) => r === null)) await new Promise((r) => setTimeout(r, Math.max(1, Math.min(blockMs, CLUSTER_POLL_MS))));
      } else {
        replies = [await this.readGroup(count, ['BLOCK', Math.max(1, Math.round(blockMs))], streams)];
      }
    } catch (err) {
      // A stream deleted under us (an operator, a flush) takes its group along: make it again.
      if ((err as Error).message.includes('NOGROUP')) await this.createGroups();
      throw err;
    }
    const out = new Map<string, StreamEntry[]>();
    let entries = 0;
    let events = 0;
    for (const [key, raw] of replies.flatMap((r) => r ?? [])) {
      const centre = centres[streams.indexOf(key)];
      if (centre === undefined || raw.length === 0) continue;
      const list = this.entries(centre, raw);
      out.set(centre, list);
      entries += list.length;
      for (const entry of list) events += entry.text === undefined ? 1 : lineCount(entry.text);
    }
    if (entries > 0) this.eventsPerEntry = Math.max(1, events / entries);
    return out;
  }

  private async readGroup(count: number, block: (string | number)[], streams: string[]): Promise<StreamReply | null> {
    const args = ['GROUP', METRICS_GROUP, this.consumerName, 'COUNT', count, ...block, 'STREAMS', ...streams, ...streams.map(() => '>')];
    // The typed method (not call()): it shapes the reply as [key, entries][] whatever the protocol.
    const xreadgroup = this.redis.xreadgroup as unknown as (...a: (string | number)[]) => Promise<StreamReply | null>;
    return xreadgroup.apply(this.redis, args);
  }

  /** full tells whether a read returned a whole (ordinary) batch for some centre: more is waiting, worth reading ahead. */
  full(entries: ReadonlyMap<string, readonly StreamEntry[]>): boolean {
    const whole = this.entriesFor(this.batchEvents);
    for (const list of entries.values()) if (list.length >= whole) return true;
    return false;
  }

  /**
   * takeAcks hands over, per centre, the ids delivered to this consumer since the last call up to `upTo`
   * (the centre's applied position). Later ones were read ahead and are not applied yet: they stay
   * pending until a checkpoint covers them, so a crash cannot lose them.
   */
  takeAcks(upTo: Readonly<Record<string, string>>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [centre, delivered] of this.delivered) {
      const position = upTo[centre];
      if (position === undefined) continue;
      const { ids } = delivered;
      let covered: string[];
      if (delivered.inOrder) {
        // The usual case, and a cold start's hundreds of thousands of ids: the covered ones are a prefix.
        const end = firstAfter(ids, position);
        covered = ids.slice(0, end);
        delivered.ids = ids.slice(end);
      } else {
        // A new term's claimPending delivers again ids read before (they stay in stream order per read): not a prefix.
        covered = ids.filter((id) => compareIds(id, position) <= 0);
        delivered.ids = ids.filter((id) => compareIds(id, position) > 0);
        delivered.inOrder = delivered.ids.every((id, i) => i === 0 || compareIds(delivered.ids[i - 1]!, id) < 0);
      }
      if (covered.length > 0) out.set(centre, covered);
    }
    return out;
  }

  /** trim drops entries that are both checkpointed and older than the retention period (at most once a minute). */
  async trim(checkpointed: Record<string, string>, now: number): Promise<void> {
    if (now - this.lastTrim < 60_000) return;
    this.lastTrim = now;
    const retained = `${now - this.config.metrics.streamRetentionSec * 1000}-0`;
    for (const [centre, lastId] of Object.entries(checkpointed)) {
      await this.redis.xtrim(this.keys.stream(centre), 'MINID', '~', compareIds(lastId, retained) < 0 ? lastId : retained);
    }
  }

  /** eventsIn gives the events of a read's entries, centre by centre in stream order, each parsed as it is taken. */
  *eventsIn(batch: ReadonlyMap<string, readonly StreamEntry[]>): Generator<CanonicalEvent> {
    for (const [centre, list] of batch) for (const entry of list) yield* this.events(centre, entry);
  }

  /** events gives an entry's events as they are taken, skipping (logged, counted) each line no ingest could have written. */
  *events(centre: string, entry: StreamEntry): Generator<CanonicalEvent> {
    if (entry.text === undefined) {
      this.skipped(centre, entry.id, `stream entry has no field ${EVENTS_FIELD}`);
      return;
    }
    for (const line of entryLines(entry.text)) {
      const read = readEvent(line, centre);
      if ('event' in read) yield read.event;
      else this.skipped(centre, entry.id, read.error);
    }
  }

  private skipped(centre: string, entry: string, error: string): void {
    this.logger.warn({ centre, entry, error }, 'stream entry line skipped');
    this.unreadable++;
  }

  /** entries reads one reply's entries of a centre (in stream order within the reply) and notes them delivered. */
  private entries(centre: string, raw: RawEntry[]): StreamEntry[] {
    const delivered = this.delivered.get(centre) ?? { ids: [], inOrder: true };
    this.delivered.set(centre, delivered);
    const { ids } = delivered;
    const last = ids[ids.length - 1];
    if (last !== undefined && raw[0] && compareIds(raw[0][0], last) <= 0) delivered.inOrder = false;
    return raw.map(([id, fields]) => {
      ids.push(id);
      const at = fields.indexOf(EVENTS_FIELD);
      return { id, text: at === -1 ? undefined : fields[at + 1] };
    });
  }

}

/** firstAfter gives the index of the first id after `position` in ids in stream order (ids.length when none is). */
function firstAfter(ids: readonly string[], position: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareIds(ids[mid]!, position) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
