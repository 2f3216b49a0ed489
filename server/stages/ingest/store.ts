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
        if (this.ack.replicas > 0) await this.confirm(keys[1]!);
        indexes.forEach((i, n) => (out[i] = typeof result[n] === 'string' ? result[n] : null));
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
