import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../history/store.js';
import { replayEvents } from '../metrics/replay.js';
import { createKeys } from '../redis/keys.js';
import { demoConfig, REDIS_URL, removeKeys, uniquePrefix } from './support/env.js';

const prefix = uniquePrefix('history');
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await removeKeys(prefix);
});

describe('1-minute history', () => {
  const keys = createKeys(prefix);
  const history = new HistoryStore(redis, keys, 30 * 86400);
  const t0 = Date.parse('2026-11-23T10:00:00Z');
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
    const ttl = await redis.ttl(keys.history('queue:wuhan/voice', t0));
    expect(ttl).toBeGreaterThan(29 * 86400);
    await expect(history.query('all', 'nonsense', t0, t0)).rejects.toThrow(/metric must be one of/);
  });
});
