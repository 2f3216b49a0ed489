/**
 * EventStore is the durable end of ingest: it appends validated events to their
 * centre's Redis Stream, each at most once per id within the dedup TTL.
 *
 * One Lua script call takes the whole batch, so one Redis applies it all or (when it is
 * unreachable) none of it. On Redis Cluster a script may not span slots and each centre's stream
 * and dedup marks have a slot of their own, so there one call per centre takes that centre's
 * events, and the batch is answered once every part is confirmed; when a part fails the whole
 * batch fails (503), and the parts already written are duplicates on the client's retry, so
 * nothing is written twice. Small batches appended in the same event-loop turn share the calls
 * (group-commit.ts); each is still answered with its own events' results.
 *
 * With `ack.replicas` above 0 (one Redis or Sentinel; refused on Cluster at start), the call is
 * followed on the same connection by `WAIT replicas timeoutMs`: Redis replicates asynchronously,
 * so an event only the master has is lost if the master dies before passing it on. Fewer
 * confirmations in time fail the call with NOREPLICAS (ingest answers 503, the sender retries,
 * and the ids make the retry harmless).
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../platform/redis/keys.js';
import { defineScript, type RedisScript } from '../../platform/redis/script.js';
import { GroupCommit, GROUP_LIMITS, type GroupLimits } from './group-commit.js';

export interface PendingEvent {
  centre: string;
  id: string;
  /** The event's canonical JSON text (stream/entry.ts), written to the stream as is. */
  raw: string;
}

/** For each event: the stream entry id it was written as, or null for a duplicate. */
export type AppendResult = (string | null)[];

// KEYS: seen key and stream key per event. ARGV[1]: TTL; ARGV[i+1]: event JSON.
const APPEND = `
local ttl = ARGV[1]
local out = {}
for i = 1, #KEYS / 2 do
  if redis.call('SET', KEYS[2 * i - 1], '1', 'NX', 'EX', ttl) then
    out[i] = redis.call('XADD', KEYS[2 * i], '*', 'e', ARGV[i + 1])
  else
    out[i] = false
  end
end
return out
`;

/** How many replicas must hold a write before ingest answers it (redis.ackReplicas / ackTimeoutMs). */
export interface ReplicaAck {
  replicas: number;
  timeoutMs: number;
}

export const MASTER_ONLY: ReplicaAck = { replicas: 0, timeoutMs: 0 };

export class EventStore {
  private readonly appendScript: RedisScript<(string | null)[]>;
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
    // WAIT has no key to route by: on a Cluster it would count the replicas of some other master.
    if (this.perCentre && ack.replicas > 0) throw new Error('redis.ackReplicas (WAIT acknowledgement) is not supported on Redis Cluster: set it to 0');
    this.group = new GroupCommit((events) => this.appendNow(events), limits);
  }

  /** append writes the events (those of one request), in one call, shared with other small requests of the same turn. */
  append(events: PendingEvent[]): Promise<AppendResult> {
    return this.group.submit(events);
  }

  private async appendNow(events: PendingEvent[]): Promise<AppendResult> {
    const parts = new Map<string, number[]>();
    events.forEach((e, i) => {
      const part = this.perCentre ? e.centre : '';
      (parts.get(part) ?? parts.set(part, []).get(part)!).push(i);
    });
    const out: AppendResult = new Array<string | null>(events.length).fill(null);
    await Promise.all(
      [...parts.values()].map(async (indexes) => {
        const keys: string[] = [];
        const args: string[] = [String(this.dedupTtlSec)];
        for (const i of indexes) {
          const e = events[i]!;
          keys.push(this.keys.seen(e.centre, e.id), this.keys.stream(e.centre));
          args.push(e.raw);
        }
        const result = await this.appendScript(keys, args);
        indexes.forEach((i, n) => (out[i] = typeof result[n] === 'string' ? result[n] : null));
      }),
    );
    if (this.ack.replicas > 0) {
      // WAIT counts the replicas that hold every write this connection made so far, this one included.
      const confirmed = await this.redis.wait(this.ack.replicas, this.ack.timeoutMs);
      if (confirmed < this.ack.replicas) {
        throw new Error(`NOREPLICAS ${confirmed} of ${this.ack.replicas} replicas confirmed the write within ${this.ack.timeoutMs} ms`);
      }
    }
    return out;
  }
}
