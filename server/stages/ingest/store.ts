/**
 * EventStore is the durable end of ingest: it appends validated events to their
 * centre's Redis Stream, each at most once per id within the dedup TTL. The events one call
 * appends to a stream (those not seen before, in order) are one entry, a line each
 * (stream/entry.ts): an entry costs Redis and the reader per entry, not per event.
 *
 * One Lua script call takes the whole batch, so one Redis applies it all or (when it is
 * unreachable) none of it. On Redis Cluster a script may not span slots and each centre's stream
 * and dedup marks have a slot of their own, so there one call per centre takes that centre's
 * events, and the batch is answered once every part is confirmed; when a part fails the whole
 * batch fails (503), and the parts already written are duplicates on the client's retry, so
 * nothing is written twice. Small batches appended in the same event-loop turn share the calls
 * (group-commit.ts); each is still answered with its own events' results.
 *
 * With `ack.replicas` above 0, each call is followed on the same connection by `WAIT replicas
 * timeoutMs`: Redis replicates asynchronously, so an event only the master has is lost if the master
 * dies before passing it on. On a Cluster the WAIT rides in a pipeline with a key of the part's slot,
 * so it reaches the master that took the part and counts that master's replicas. Fewer confirmations
 * in time fail the call with NOREPLICAS (ingest answers 503, the sender retries, and the ids make the
 * retry harmless).
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../platform/redis/keys.js';
import { MASTER_ONLY, noReplicasError, withWait, type ReplicaAck } from '../../platform/redis/replica-ack.js';
import { defineScript, type RedisScript } from '../../platform/redis/script.js';
import { EVENTS_FIELD, joinLines } from '../stream/entry.js';
import { GroupCommit, GROUP_LIMITS, type GroupLimits } from './group-commit.js';

export interface PendingEvent {
  centre: string;
  id: string;
  /** The event's canonical JSON text (stream/entry.ts), written to the stream as is. */
  raw: string;
}

/** For each event: the id of the stream entry it was written in, or null for a duplicate. */
export type AppendResult = (string | null)[];

// KEYS: the events' seen keys, stream by stream, then the streams. ARGV[1]: TTL; ARGV[1+s]: stream s's event
// count; ARGV[1+m+s]: its events, a line each, joined by the caller (joinLines; the script splits on the same newline). Each stream gets one entry of its events not
// seen before: the caller's text as is when none was (one copy of the bytes instead of a string an event, a table
// and a join), else its new lines. The reply is as short as the news: a mark an event in one string ('1' new, '0' a
// duplicate), then each stream's entry id (false when all of its events were duplicates), not an id an event for the
// client to decode a hundred times over.
const APPEND = `
local ttl = ARGV[1]
local m = (#ARGV - 1) / 2
local n = #KEYS - m
local marks = {}
local out = {}
local i = 0
for s = 1, m do
  local count = tonumber(ARGV[1 + s])
  local first = i + 1
  local fresh = 0
  for k = 1, count do
    i = i + 1
    if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ttl) then
      marks[i] = '1'
      fresh = fresh + 1
    else
      marks[i] = '0'
    end
  end
  out[s + 1] = false
  if fresh > 0 then
    local text = ARGV[1 + m + s]
    if fresh < count then
      local kept = {}
      local k = first
      for line in string.gmatch(text, '[^\\n]+') do
        if marks[k] == '1' then kept[#kept + 1] = line end
        k = k + 1
      end
      text = table.concat(kept, '\\n')
    end
    out[s + 1] = redis.call('XADD', KEYS[n + s], '*', '${EVENTS_FIELD}', text)
  end
end
out[1] = table.concat(marks)
return out
`;

/** The script's reply: the events' marks ('1' new, '0' a duplicate), then each stream's entry id or null. */
type AppendReply = [string, ...(string | null)[]];

export class EventStore {
  private readonly appendScript: RedisScript<AppendReply>;
  private readonly group: GroupCommit<PendingEvent, string | null>;
  private readonly perCentre: boolean;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly dedupTtlSec: number,
    private readonly ack: ReplicaAck = MASTER_ONLY,
    limits: GroupLimits = GROUP_LIMITS,
  ) {
    this.appendScript = defineScript(redis, 'surgeAppend', APPEND);
    this.perCentre = redis.isCluster;
    this.group = new GroupCommit((events) => this.appendNow(events), limits);
  }

  /** append writes the events (those of one request), in one call, shared with other small requests of the same turn. */
  append(events: PendingEvent[]): Promise<AppendResult> {
    return this.group.submit(events);
  }

  private async appendNow(events: PendingEvent[]): Promise<AppendResult> {
    // Each centre's events in their order; one call takes every centre, or on Cluster each centre its own.
    const byCentre = new Map<string, number[]>();
    events.forEach((e, i) => (byCentre.get(e.centre) ?? byCentre.set(e.centre, []).get(e.centre)!).push(i));
    const calls = this.perCentre ? [...byCentre.values()].map((list) => [list]) : [[...byCentre.values()]];
    const out: AppendResult = new Array<string | null>(events.length).fill(null);
    await Promise.all(
      calls.map(async (streams) => {
        const keys = streams.flatMap((list) => list.map((i) => this.keys.seen(events[i]!.centre, events[i]!.id)));
        const streamKeys = streams.map((list) => this.keys.stream(events[list[0]!]!.centre));
        const counts = streams.map((list) => String(list.length));
        const texts = streams.map((list) => joinLines(list.map((i) => events[i]!.raw)));
        const [marks, ...ids] = await this.appendScript([...keys, ...streamKeys], [String(this.dedupTtlSec), ...counts, ...texts]);
        if (this.ack.replicas > 0) await this.confirm(streamKeys[0]!);
        let n = 0;
        streams.forEach((list, s) => {
          for (const i of list) out[i] = marks[n++] === '1' ? ids[s]! : null;
        });
      }),
    );
    return out;
  }

  /**
   * confirm waits until `ack.replicas` replicas hold every write the connection to `streamKey`'s master made so
   * far (WAIT), this part's included. The key only routes the WAIT: a Cluster sends a pipeline to its slot's
   * master, on the connection the script went by; one Redis has one connection anyway.
   */
  private async confirm(streamKey: string): Promise<void> {
    const { confirmed, enough } = await withWait(this.redis, this.ack, (p) => p.exists(streamKey));
    if (!enough) throw noReplicasError(confirmed, this.ack);
  }
}
