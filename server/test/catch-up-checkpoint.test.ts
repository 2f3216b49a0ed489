/**
 * A cold start checkpoints right after it has caught up, whatever the checkpoint interval: a crash right after
 * a long catch-up then replays none of it (the kill -9 row of the benchmark).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../main.js';
import { createKeys } from '../platform/redis/keys.js';
import { loadCheckpoint } from '../stages/stream/checkpoint.js';
import { demoConfig, quietLogger, useRedis, waitUntil } from './support/env.js';

const { prefix, redis } = useRedis('catch-up-checkpoint');
const keys = createKeys(prefix);
const centre = 'wuhan';
let server: RunningServer | undefined;
afterAll(() => server?.stop());

describe('catching up', () => {
  it('ends with a checkpoint of everything applied, long before the interval', async () => {
    const now = Date.now();
    // More than two read batches (2,000 entries), so the runner catches up with reads ahead.
    const batch = redis.pipeline();
    for (let i = 0; i < 5000; i++) batch.xadd(keys.stream(centre), '*', 'e', JSON.stringify({ id: `${prefix}-${i}`, type: 'source.heartbeat', ts: now - 5000 + i, centre, source: 'cti' }));
    const ids = ((await batch.exec()) ?? []).map(([, id]) => id as string);

    server = await startServer(demoConfig(prefix, (c) => (c.metrics.checkpointMs = 600_000)), quietLogger(), { port: 0 });
    await waitUntil(async () => (await loadCheckpoint(redis, keys, centre))?.lastId === ids.at(-1), 'a checkpoint of every entry', 10_000);
    expect((await loadCheckpoint(redis, keys, centre))!.state.applied).toBe(5000);
  });
});
