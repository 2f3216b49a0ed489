/**
 * PartitionLeases spreads the pipeline's partitions over the live instances. Each partition has
 * its own lease and fencing token (one Leadership each), so an instance that dies hands its
 * partitions over within about a lease ttl and one renewal, and a partition's writes are fenced
 * on their own.
 *
 *   every ttl/3:  heartbeat into the registry (a sorted set scored by Redis's clock) ─► live instances
 *                 read every partition's lease owner ─► hand one spread partition over when this
 *                 instance holds two more than the least loaded live instance
 *   on each lease attempt, a free partition is taken only by an instance holding fewer spread
 *   partitions than ceil(spread partitions / live instances) and no more than the least loaded live
 *   instance: while a partition is free someone qualifies, and the one that just handed over does not.
 *
 * A partition that is not `spread` (a roll-up, say) is taken by any least loaded instance. An
 * instance drops out of the registry LIVENESS_SHARE of a ttl after its last heartbeat, before its
 * leases expire, so the survivors already count without it when its partitions come free.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log/log.js';
import { Leadership, type Term } from './leadership.js';
import { Lease, type LeaseKeys } from './lease.js';

/** The partition of a deployment that runs the whole pipeline (every centre) under one lease. */
export const WHOLE_PIPELINE = 'pipeline';

export interface PartitionSpec {
  id: string;
  /** Spread evenly over the instances (a centre's pipeline); false: taken by any least loaded instance. */
  spread: boolean;
  term: Term;
}

export interface PartitionKeys {
  /** Sorted set: instance id → when it last said it was alive (Redis clock, ms). */
  registry: string;
  lease(partition: string): LeaseKeys;
  /** Hash beside the epoch: partition → the epoch its lease's epoch copy was last written with (for leases with a copy). */
  epochCopies?: string;
}

export interface PartitionOptions {
  redis: Redis;
  keys: PartitionKeys;
  instanceId: string;
  ttlMs: number;
  logger: Logger;
  /** Confirms the Redis epoch now and returns its id (EpochWatcher.check). */
  confirmEpoch: () => Promise<string>;
  /** Names the Redis master serving a partition's lease keys now (its replication id): on a Cluster, the one owning their slot. */
  servingMaster?: (lease: LeaseKeys) => Promise<string>;
  /** Declares the epoch lost although its key survived (EpochWatcher.replace): a partition's slot lost its state. */
  replaceEpoch?: (lost: string) => Promise<void>;
}

/** An instance not heard from for this share of the lease ttl counts as gone. */
const LIVENESS_SHARE = 2 / 3;

// KEYS: epoch copies. ARGV: partition, epoch, '1' when its copy is missing. Records the epoch the copy is written
// with; 0 when a copy of this same epoch was written before and is missing now: the slot lost its state.
const NEW_COPY = `
local had = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '1' and had == ARGV[2] then return 0 end
return 1
`;

// KEYS: registry. ARGV: instance id, liveness ms. Records the heartbeat, forgets the silent, returns the live ids.
const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;

interface View {
  live: string[];
  /** Partition id → the instance holding its lease, or null when free. */
  owners: Record<string, string | null>;
}

export class PartitionLeases {
  private readonly leaderships = new Map<string, Leadership>();
  private view: View = { live: [], owners: {} };
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: PartitionOptions,
    private readonly partitions: readonly PartitionSpec[],
  ) {
    const { redis, keys, instanceId, ttlMs, logger, confirmEpoch, servingMaster } = options;
    for (const p of partitions) {
      const lease = new Lease(redis, keys.lease(p.id), instanceId, ttlMs);
      const master = servingMaster && (() => servingMaster(lease.keys));
      this.leaderships.set(p.id, new Leadership(lease, p.term, logger.child({ partition: p.id }), confirmEpoch, master, () => this.mayTake(p), (epoch, missing) => this.newEpochCopy(p.id, epoch, missing)));
    }
  }

  /** The Leadership of one partition (its fencing token, epoch and master). */
  leadership(partition: string): Leadership {
    const leadership = this.leaderships.get(partition);
    if (!leadership) throw new Error(`no pipeline partition "${partition}"`);
    return leadership;
  }

  /** The partitions this instance holds now. */
  get held(): string[] {
    return this.partitions.filter((p) => this.leadership(p.id).fencingToken !== null).map((p) => p.id);
  }

  /** start registers this instance, then makes a first attempt at every partition (a lone instance takes them all at once), then keeps going. */
  async start(): Promise<void> {
    await this.refresh();
    for (const leadership of this.leaderships.values()) await leadership.start();
    this.timer = setInterval(() => void this.round(), Math.max(100, Math.floor(this.options.ttlMs / 3)));
  }

  /** stop ends every term held here, gives the leases up and leaves the registry, so the others take over at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.leaderships.values()].map((l) => l.stop()));
    await this.options.redis.zrem(this.options.keys.registry, this.options.instanceId).catch(() => undefined);
  }

  /** owners reads who holds each partition now (instance id, or null when free). */
  async owners(): Promise<Record<string, string | null>> {
    const { redis, keys } = this.options;
    const values = await Promise.all(this.partitions.map((p) => redis.get(keys.lease(p.id).lease)));
    return Object.fromEntries(this.partitions.map((p, i) => [p.id, values[i]?.split('|')[0] ?? null]));
  }

  /**
   * newEpochCopy records the epoch a partition's epoch copy is about to be written with. A copy of that same
   * epoch gone missing means its slot (a centre's, on Redis Cluster) lost its state while the epoch's did not,
   * so its counters restarted: the epoch is replaced, as for any loss of Redis state, and every partition
   * begins a term in the new one (incident ids carry the epoch: none repeats).
   */
  private async newEpochCopy(partition: string, epoch: string, missing: boolean): Promise<boolean> {
    const { redis, keys, replaceEpoch } = this.options;
    if (keys.epochCopies === undefined || replaceEpoch === undefined) return true;
    if (Number(await redis.eval(NEW_COPY, 1, keys.epochCopies, partition, epoch, missing ? '1' : '0')) === 1) return true;
    await replaceEpoch(epoch);
    return false;
  }

  private async round(): Promise<void> {
    try {
      await this.refresh();
      await this.rebalance();
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'cannot reach Redis to share the pipeline partitions');
    }
  }

  private async refresh(): Promise<void> {
    const { redis, keys, instanceId, ttlMs } = this.options;
    const live = (await redis.eval(HEARTBEAT, 1, keys.registry, instanceId, String(Math.floor(ttlMs * LIVENESS_SHARE)))) as string[];
    this.view = { live, owners: await this.owners() };
  }

  /** rebalance hands one spread partition over when this instance holds two more than the least loaded live one. */
  private async rebalance(): Promise<void> {
    const mine = this.heldSpread();
    if (mine.length - this.leastLoaded() < 2) return;
    await this.leadership(mine.at(-1)!).handOver();
  }

  private mayTake(partition: PartitionSpec): boolean {
    const mine = this.heldSpread().length;
    if (mine > this.leastLoaded()) return false;
    if (!partition.spread) return true;
    const spread = this.partitions.filter((p) => p.spread).length;
    return mine < Math.ceil(spread / Math.max(1, this.view.live.length));
  }

  private heldSpread(): string[] {
    return this.partitions.filter((p) => p.spread && this.leadership(p.id).fencingToken !== null).map((p) => p.id);
  }

  /** The fewest spread partitions a live instance holds, this one counted as it is now, the others as last read. */
  private leastLoaded(): number {
    const counts = new Map<string, number>(this.view.live.map((id) => [id, 0]));
    for (const p of this.partitions) {
      const owner = this.view.owners[p.id];
      if (p.spread && owner && counts.has(owner)) counts.set(owner, counts.get(owner)! + 1);
    }
    counts.set(this.options.instanceId, this.heldSpread().length);
    return Math.min(...counts.values());
  }
}
