import { describe, expect, it } from 'vitest';
import { HistoryStore, valueOf } from '../stages/metrics/history/store.js';
import { replayEvents } from '../stages/metrics/replay.js';
import { createKeys } from '../platform/redis/keys.js';
import { demoConfig, useRedis } from './support/env.js';

const { prefix, redis } = useRedis('history');

describe('1-minute history', () => {
  const keys = createKeys(prefix);
  const history = new HistoryStore(redis, keys, 30 * 86400);
  // Times come from now (whole hours back), never from a calendar date: TTLs are checked against the real Redis.
  const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
  const config = demoConfig(prefix);
  const figuresWith = (waiting: number, at: number) => {
    const lines = Array.from({ length: waiting }, (_, i) => JSON.stringify({ id: `h${i}`, type: 'contact.queued', ts: at - 1000, centre: 'wuhan', contactId: `c${i}`, queue: 'voice', media: 'voice' }));
    return replayEvents(lines.join('\n'), config).engine.snapshot(at);
  };

  it('keeps one point per minute per scope, across hours, and expires it', async () => {
    // Ticks come 4 times a second; a minute keeps its last tick's figures, written when the next minute's first tick comes.
    for (const [offsetSec, waiting] of [[0.5, 1], [59.75, 3], [60.25, 99], [119.75, 5], [3599.75, 7], [3600.25, 8], [3660, 9]] as const) {
      await history.record(figuresWith(waiting, t0 + offsetSec * 1000), t0 + offsetSec * 1000);
    }
    const points = await history.query('queue:wuhan/voice', 'waiting', t0 - 60_000, t0 + 2 * 3_600_000);
    expect(points).toEqual([
      [t0, 3],
      [t0 + 60_000, 5],
      [t0 + 3_540_000, 7],
      [t0 + 3_600_000, 8],
    ]);
    expect(await history.query('queue:wuhan/voice', 'serviceLevel', t0, t0 + 60_000)).toEqual([[t0, null], [t0 + 60_000, null]]);
    // Reports read today's running counts (and the service level's terms) from the same rows.
    expect(await history.query('queue:wuhan/voice', 'offered.today', t0, t0 + 60_000)).toEqual([[t0, 3], [t0 + 60_000, 5]]);
    // The first hour's key lives the retention period after its hour ends, counted from the figures' time:
    // its last row (the tick 250 ms before the hour ended) leaves the retention period and those 250 ms.
    const ttl = await redis.pttl(keys.history('queue:wuhan/voice', t0));
    const expected = 30 * 86400_000 + 250;
    expect(ttl).toBeGreaterThan(expected - 60_000);
    expect(ttl).toBeLessThanOrEqual(expected);
    await expect(history.query('all', 'nonsense', t0, t0)).rejects.toThrow(/metric must be one of/);
  });

  it('reads hours written before rows were named: their figures by the old order, the figures they lack as null', async () => {
    const hour = t0 - 3_600_000;
    // The layout of rows before the `names` field: the 15 trend figures, waiting first.
    await redis.hset(keys.history('centre:wuhan', hour), '7', JSON.stringify([4, 30, 0.5, 0.75, 0.1, 12, 200, 9, 1.8, 20, 2, 0.9, 15, 22, 3]));
    const [sample] = await history.samples('centre:wuhan', hour, hour + 3_599_999);
    expect(sample!.at).toBe(hour + 7 * 60_000);
    expect(['waiting', 'staffingGap', 'agents.available'].map((name) => valueOf(sample!, name))).toEqual([4, 3, 2]);
    expect(await history.query('centre:wuhan', 'offered.today', hour, hour + 3_599_999)).toEqual([[hour + 7 * 60_000, null]]);
  });
});
