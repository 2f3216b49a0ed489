/**
 * The master watch against real processes (SentinelSet: a master, a replica, three sentinels).
 * Left to the sentinels, a connection stays on a master demoted by SENTINEL FAILOVER until they
 * reconfigure it as a replica (about 10 s later); followed, it moves while the old one is still a master.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, role, SentinelSet } from '../../testkit/sentinel-set.js';
import { freePort } from '../../testkit/redis-process.js';
import { waitUntil } from '../../testkit/wait.js';
import { redisClient } from './connect.js';
import { masterWatch, nextMove } from './master-watch.js';
import { parseRedisUrl } from './url.js';

describe('nextMove', () => {
  it('moves a connection at once, then after a doubling hold, a few times only', () => {
    let moves = nextMove(undefined, 'a:1', 0)!;
    expect(moves).toEqual({ to: 'a:1', attempts: 1, lastAt: 0 });
    expect(nextMove(moves, 'a:1', 100)).toBeUndefined();
    const at: number[] = [0];
    for (let now = 0; now < 60_000; now += 50) {
      const next = nextMove(moves, 'a:1', now);
      if (next) [moves, at[at.length]] = [next, now];
    }
    expect(at).toEqual([0, 500, 1500, 3500, 7500]);
  });
});

describe('MasterWatch with real sentinels', () => {
  let set: SentinelSet;
  beforeAll(async () => {
    set = await SentinelSet.start({ replicas: 1 });
  }, 60_000);
  afterAll(() => set?.destroy());

  it('moves followed connections and their duplicates to the promoted master before the old one is demoted, and stops when they end', async () => {
    // The first sentinel listed is down: the watch asks the next one.
    const url = set.url.replace('//', `//127.0.0.1:${await freePort()},`);
    const target = parseRedisUrl(url);
    if (target.kind !== 'sentinel') throw new Error('not a Sentinel URL');
    const watch = masterWatch(target.sentinels, target.masterName);
    const redis = redisClient(url, { maxRetriesPerRequest: 20 });
    const duplicate = redis.duplicate();
    for (const r of [redis, duplicate]) r.on('error', () => undefined);
    const old = await set.master();
    await waitUntil(() => redis.status === 'ready' && duplicate.status === 'ready', 'the connections');
    expect([redis.stream.remotePort, duplicate.stream.remotePort]).toEqual([old.port, old.port]);
    expect(watch.following).toBe(2);
    const watching = () => sentinelClientNames().then((names) => names.filter((n) => n === 'surge-master-watch').length);
    await waitUntil(async () => (await watching()) === 1, 'the watch to ask a sentinel');

    const promoted = await set.failover();
    const onPromoted = (r: typeof redis) => r.status === 'ready' && r.stream.remotePort === promoted.port;
    await waitUntil(() => onPromoted(redis) && onPromoted(duplicate), 'the followed connections to move to the promoted master', 20_000);
    // Still a master: the sentinels had not reconfigured it yet, so the watch moved the connections.
    expect(await role(old)).toBe('master');
    await redis.set('watch-test', 'after the promotion');
    expect(await command(promoted.port, ['GET', 'watch-test'])).toBe('after the promotion');

    redis.disconnect();
    await waitUntil(() => watch.following === 1, 'the ended connection to be forgotten');
    duplicate.disconnect();
    await waitUntil(() => watch.following === 0, 'both to be forgotten');
    await waitUntil(async () => (await watching()) === 0, 'the watch to close its sentinel connection');
  }, 90_000);

  /** The names of the clients connected to every sentinel. */
  async function sentinelClientNames(): Promise<string[]> {
    const lists = await Promise.all(set.sentinels.map((s) => command<string>(s.port, ['CLIENT', 'LIST'])));
    return lists.flatMap((list) => [...list.matchAll(/ name=(\S*)/g)].map((m) => m[1]!));
  }
});
