/**
 * Leadership after Redis lost its state (FLUSHALL on a private redis-server): the old term's
 * fenced writes fail, the term is stopped, and a new one starts in the new epoch, even though
 * the restarted fence counter hands out the same token again. And after a failover (another master
 * serves): the term ends, a new one takes a new token, and writes are fenced to the term's master.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/log.js';
import { EpochWatcher } from '../redis/epoch.js';
import { createKeys } from '../redis/keys.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { fencedWrite, type Fence } from './fenced.js';
import { Leadership } from './leadership.js';
import { Lease } from './lease.js';

const keys = createKeys('leadership');
const logger = createLogger({ level: 'silent' });
let server: RedisProcess;
let redis: Redis;

beforeAll(async () => {
  server = await RedisProcess.start({ persistent: false });
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.destroy();
});

describe('Leadership across a loss of Redis state', () => {
  it('ends the term whose fenced writes fail and starts a new one in the new epoch', async () => {
    const watcher = new EpochWatcher(redis, keys.epoch(), logger);
    await watcher.check();
    const terms: { token: number | null; epoch: string | null; stopped: boolean }[] = [];
    let leadership: Leadership | undefined;
    const fence: Fence = { key: keys.fence(), token: () => leadership?.fencingToken ?? null, epochKey: keys.epoch(), epoch: () => leadership?.fencingEpoch ?? null };
    const term = {
      start: async () => void terms.push({ token: fence.token(), epoch: fence.epoch(), stopped: false }),
      stop: async () => void (terms.at(-1)!.stopped = true),
    };
    leadership = new Leadership(new Lease(redis, { lease: keys.lease(), fence: keys.fence() }, 'me', 600), term, logger, async () => (await watcher.check()).id);
    await leadership.start();
    try {
      expect(terms).toEqual([{ token: 1, epoch: watcher.id, stopped: false }]);
      const old = { token: 1, epoch: watcher.id };
      await fencedWrite(redis, fence, [['SET', 'leadership:state', 'old']]);

      await redis.flushall();
      await expect(fencedWrite(redis, fence, [['SET', 'leadership:state', 'old again']])).rejects.toThrow(/FENCED/);
      await expect.poll(() => terms.length, { timeout: 5000 }).toBe(2);

      expect(terms[0]!.stopped).toBe(true);
      // Same token as before (the counter restarted), yet a new term: it belongs to the new epoch.
      expect(terms[1]).toEqual({ token: 1, epoch: watcher.id, stopped: false });
      expect(watcher.id).not.toBe(old.epoch);
      expect(await redis.get('leadership:state')).toBeNull();
      // The old term's token matches the restarted counter, but its epoch does not: still fenced.
      const stale: Fence = { ...fence, token: () => old.token, epoch: () => old.epoch };
      await expect(fencedWrite(redis, stale, [['SET', 'leadership:state', 'old']])).rejects.toThrow(/epoch changed/);
      await fencedWrite(redis, fence, [['SET', 'leadership:state', 'new']]);
      expect(await redis.get('leadership:state')).toBe('new');
    } finally {
      await leadership.stop();
    }
  });
});

describe('Leadership across a Redis failover', () => {
  it('ends the term when another master serves, takes a new token, and fences the old term to its master', async () => {
    const prefix = createKeys('leadership-failover');
    const watcher = new EpochWatcher(redis, prefix.epoch(), logger);
    await watcher.check();
    const replid = /^master_replid:(\w+)/m.exec(await redis.info('replication'))![1]!;
    // The master serving now, as the replication id names it: changed by hand here, as a promotion would.
    let serving = replid;
    const terms: { token: number | null; master: string | null; stopped: boolean }[] = [];
    let leadership: Leadership | undefined;
    const fence: Fence = {
      key: prefix.fence(),
      token: () => leadership?.fencingToken ?? null,
      epochKey: prefix.epoch(),
      epoch: () => leadership?.fencingEpoch ?? null,
      master: () => leadership?.fencingMaster ?? null,
    };
    const term = {
      start: async () => void terms.push({ token: fence.token(), master: fence.master!(), stopped: false }),
      stop: async () => void (terms.at(-1)!.stopped = true),
    };
    const lease = new Lease(redis, { lease: prefix.lease(), fence: prefix.fence() }, 'me', 600);
    leadership = new Leadership(lease, term, logger, async () => (await watcher.check()).id, async () => serving);
    await leadership.start();
    try {
      expect(terms).toEqual([{ token: 1, master: replid, stopped: false }]);
      await fencedWrite(redis, fence, [['SET', 'leadership-failover:state', 'first']]);

      serving = 'promoted-replica';
      await expect.poll(() => terms.length, { timeout: 5000 }).toBe(2);
      expect(terms[0]!.stopped).toBe(true);
      // A new token: the old term's last writes are fenced off.
      expect(terms[1]).toEqual({ token: 2, master: 'promoted-replica', stopped: false });
      await expect(fencedWrite(redis, { ...fence, token: () => 1, master: () => replid }, [['SET', 'leadership-failover:state', 'old']])).rejects.toThrow(/lease has passed/);
      // This Redis is not the master the new term began on: its writes are refused too.
      await expect(fencedWrite(redis, fence, [['SET', 'leadership-failover:state', 'elsewhere']])).rejects.toThrow(/another Redis master serves/);
      expect(await redis.get('leadership-failover:state')).toBe('first');
    } finally {
      await leadership.stop();
    }
  });
});

describe('Leadership in a slot without the epoch key (a centre partition on Redis Cluster)', () => {
  it('keeps a copy of the epoch beside its fence, so a new epoch fences the old term there too', async () => {
    const keys = createKeys('leadership-slot');
    const own = keys.inSlot('shanghai');
    const watcher = new EpochWatcher(redis, keys.epoch(), logger);
    await watcher.check();
    const terms: { token: number | null; epoch: string | null }[] = [];
    let leadership: Leadership | undefined;
    const fence: Fence = { key: own.fence(), token: () => leadership?.fencingToken ?? null, epochKey: own.epoch(), epoch: () => leadership?.fencingEpoch ?? null };
    const term = { start: async () => void terms.push({ token: fence.token(), epoch: fence.epoch() }), stop: async () => undefined };
    const lease = new Lease(redis, { lease: own.lease(), fence: own.fence(), epochCopy: own.epoch() }, 'me', 600);
    leadership = new Leadership(lease, term, logger, async () => (await watcher.check()).id);
    await leadership.start();
    try {
      const first = watcher.id;
      expect(JSON.parse((await redis.get(own.epoch()))!)).toEqual({ id: first });
      await fencedWrite(redis, fence, [['SET', own.pipelineState(), 'first']]);

      // Only the epoch's own slot lost its state: the partition's lease, fence and state are still there.
      await redis.del(keys.epoch());
      await expect.poll(() => terms.length, { timeout: 5000 }).toBe(2);
      expect(terms[1]).toEqual({ token: 1, epoch: watcher.id });
      expect(watcher.id).not.toBe(first);
      // The holder wrote the new epoch into its slot: the old term's writes there are refused.
      await expect(fencedWrite(redis, { ...fence, epoch: () => first }, [['SET', own.pipelineState(), 'old']])).rejects.toThrow(/epoch changed/);
      await fencedWrite(redis, fence, [['SET', own.pipelineState(), 'new']]);
      expect(await redis.get(own.pipelineState())).toBe('new');
    } finally {
      await leadership.stop();
    }
  });
});

describe('Leadership after the owner died', () => {
  it('takes the lease when the dead owner’s lapses, not at its next renewal period', async () => {
    const keys = createKeys('leadership-lapse');
    const watcher = new EpochWatcher(redis, keys.epoch(), logger);
    const epoch = (await watcher.check()).id;
    // An owner that took a 2 s lease and died: nothing renews or releases it.
    const dead = new Lease(redis, { lease: keys.lease(), fence: keys.fence() }, 'dead', 2000);
    expect((await dead.hold(epoch, false)).token).toBe(1);
    const terms: number[] = [];
    let leadership: Leadership | undefined;
    const term = { start: async () => void terms.push(leadership!.fencingToken!), stop: async () => undefined };
    // A 60 s lease is tried for every 20 s: only the attempt at the lapse can take it within the poll below (10 s).
    const lease = new Lease(redis, { lease: keys.lease(), fence: keys.fence() }, 'standby', 60_000);
    const found = await lease.hold(epoch, false);
    expect(found.token).toBeNull();
    expect(found.othersMs).toBeGreaterThan(0);
    expect(found.othersMs).toBeLessThanOrEqual(2000);
    leadership = new Leadership(lease, term, logger, async () => (await watcher.check()).id);
    await leadership.start();
    try {
      expect(terms).toEqual([]);
      await expect.poll(() => terms, { timeout: 10_000 }).toEqual([2]);
      expect(await redis.get(keys.lease())).toBe('standby|2');
    } finally {
      await leadership.stop();
    }
  });
});
