/**
 * PartitionLeases on a real Redis, three instances in one process, each on its own connection:
 * a lone instance takes every partition at once; as others join the spread partitions move until
 * each instance holds one; an instance cut off from Redis (as a kill -9 leaves it) hands its
 * partition to a survivor once its lease runs out; each partition runs one term at a time.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/log.js';
import { EpochWatcher } from '../redis/epoch.js';
import { createKeys } from '../redis/keys.js';
import { REDIS_URL, removeKeys, uniquePrefix } from '../../testkit/redis.js';
import { PartitionLeases, type PartitionSpec } from './partitions.js';

const prefix = uniquePrefix('partitions');
afterAll(() => removeKeys(prefix));
const logger = createLogger({ level: 'silent' });
const TTL_MS = 600;
const CENTRES = ['hangzhou', 'shanghai', 'wuhan'];

/** Which instance runs each partition's term now, as the terms themselves say. */
const running = new Map<string, Set<string>>();

function instance(id: string): { leases: PartitionLeases; redis: Redis } {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
  const spec = (partition: string, spread: boolean): PartitionSpec => ({
    id: partition,
    spread,
    term: {
      start: async () => {
        const holders = running.get(partition) ?? new Set();
        holders.add(id);
        running.set(partition, holders);
      },
      stop: async () => void running.get(partition)?.delete(id),
    },
  });
  const leases = new PartitionLeases(
    {
      redis,
      keys: { registry: `${prefix}:instances`, lease: (p) => ({ lease: `${prefix}:lease:${p}`, fence: `${prefix}:fence:${p}` }) },
      instanceId: id,
      ttlMs: TTL_MS,
      logger,
      confirmEpoch: async () => 'epoch',
    },
    [...CENTRES.map((c) => spec(c, true)), spec('roll-up', false)],
  );
  return { leases, redis };
}

const held = (...all: PartitionLeases[]) => all.map((l) => l.held.filter((p) => p !== 'roll-up').length);

describe('PartitionLeases', () => {
  it('spreads the centres over the instances and moves a dead one’s centre to a survivor', async () => {
    const a = instance('a');
    const b = instance('b');
    const c = instance('c');
    try {
      await a.leases.start();
      // Alone, it takes everything at once.
      expect(a.leases.held.sort()).toEqual([...CENTRES, 'roll-up'].sort());

      await b.leases.start();
      await c.leases.start();
      await expect.poll(() => held(a.leases, b.leases, c.leases), { timeout: 10_000 }).toEqual([1, 1, 1]);
      const owners = await a.leases.owners();
      expect(Object.values(owners).every((o) => o !== null)).toBe(true);
      const victim = owners.shanghai!;
      const all: Record<string, ReturnType<typeof instance>> = { a, b, c };
      const survivors = Object.keys(all).filter((id) => id !== victim);

      // Cut off from Redis without giving anything up, as a kill -9 leaves it.
      all[victim]!.redis.disconnect();
      const ownedBySurvivors = async () => Object.values(await all[survivors[0]!]!.leases.owners()).every((o) => o !== null && survivors.includes(o));
      await expect.poll(ownedBySurvivors, { timeout: 10_000 }).toBe(true);
      expect(held(...survivors.map((id) => all[id]!.leases)).sort()).toEqual([1, 2]);
      // One term per partition at a time: the cut-off instance ends its own once its lease has run out.
      await expect.poll(() => [...CENTRES, 'roll-up'].map((p) => running.get(p)?.size), { timeout: 10_000 }).toEqual([1, 1, 1, 1]);
      expect([...running.values()].every((holders) => !holders.has(victim))).toBe(true);
    } finally {
      await Promise.all([a, b, c].map(async ({ leases, redis }) => {
        await leases.stop();
        redis.disconnect();
      }));
    }
  }, 30_000);
});

describe('PartitionLeases with an epoch copy per partition (centre slots on Redis Cluster)', () => {
  it('replaces the epoch when a partition’s slot loses its state, so every partition begins a term in a new one', async () => {
    const redis = new Redis(REDIS_URL);
    const keys = createKeys(prefix);
    const slot = (p: string) => keys.inSlot(p);
    const watcher = new EpochWatcher(redis, keys.epoch(), logger);
    const terms: { partition: string; epoch: string | null }[] = [];
    let leases: PartitionLeases | undefined;
    const spec = (partition: string): PartitionSpec => ({
      id: partition,
      spread: partition !== 'roll-up',
      term: { start: async () => void terms.push({ partition, epoch: leases!.leadership(partition).fencingEpoch }), stop: async () => undefined },
    });
    leases = new PartitionLeases(
      {
        redis,
        keys: {
          registry: keys.instances(),
          lease: (p) => (p === 'roll-up' ? { lease: keys.lease(), fence: keys.fence() } : { lease: slot(p).lease(), fence: slot(p).fence(), epochCopy: slot(p).epoch() }),
          epochCopies: keys.epochCopies(),
        },
        instanceId: 'lone',
        ttlMs: TTL_MS,
        logger,
        confirmEpoch: async () => (await watcher.check()).id,
        replaceEpoch: async (lost) => void (await watcher.replace(lost)),
      },
      ['shanghai', 'wuhan', 'roll-up'].map(spec),
    );
    await leases.start();
    try {
      const first = watcher.id!;
      expect(terms).toEqual(['shanghai', 'wuhan', 'roll-up'].map((partition) => ({ partition, epoch: first })));
      expect(JSON.parse((await redis.get(slot('wuhan').epoch()))!)).toEqual({ id: first });

      // wuhan's slot loses its state (its master restarted empty); the epoch's own slot does not.
      await redis.del(slot('wuhan').lease(), slot('wuhan').fence(), slot('wuhan').epoch());
      await expect.poll(() => new Set(terms.slice(3).map((t) => t.partition)).size, { timeout: 10_000 }).toBe(3);
      expect(watcher.id).not.toBe(first);
      expect(watcher.loss).toMatchObject({ previousEpoch: first, epoch: watcher.id });
      expect(terms.slice(3).every((t) => t.epoch === watcher.id)).toBe(true);
      for (const p of ['shanghai', 'wuhan']) expect(JSON.parse((await redis.get(slot(p).epoch()))!)).toEqual({ id: watcher.id });
    } finally {
      await leases.stop();
      redis.disconnect();
    }
  });
});
