import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../stages/metrics/history/store.js';
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
    // Ticks come 4 times a second; only the first of each minute is kept, standing for the minute before.
    for (const [offsetSec, waiting] of [[60, 3], [60.25, 99], [120, 5], [3600, 7], [3660, 8]] as const) {
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
    // The first hour's key lives the retention period after its hour ends, counted from the figures' time:
    // its last write (at t0 + 1 h, for the minute before) leaves exactly the retention period.
    const ttl = await redis.pttl(keys.history('queue:wuhan/voice', t0));
    const expected = 30 * 86400_000;
    expect(ttl).toBeGreaterThan(expected - 60_000);
    expect(ttl).toBeLessThanOrEqual(expected);
    await expect(history.query('all', 'nonsense', t0, t0)).rejects.toThrow(/metric must be one of/);
  });
});
