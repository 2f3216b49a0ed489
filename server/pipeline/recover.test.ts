import { describe, expect, it } from 'vitest';
import { demoConfig, quietLogger, useRedis } from '../test/support/env.js';
import { createKeys } from '../platform/redis/keys.js';
import { StreamReader } from '../stages/stream/reader.js';
import { recoverState } from './recover.js';
import { initialState, markPrunes, savePipelineState } from './state.js';
import { step } from './step.js';

const { prefix, redis } = useRedis('recover');
const config = demoConfig(prefix);
const keys = createKeys(prefix);
const centre = 'hangzhou';
const staleMs = config.metrics.staleContactSec * 1000;

describe('recovery redoes the prunes no checkpoint covers', () => {
  it('gives the engine the crashed term had, though a contact was pruned between the entries it replays', async () => {
    const queuedAt = Date.now() - 2 * staleMs;
    const add = (event: object) => redis.xadd(keys.stream(centre), '*', 'e', JSON.stringify({ id: `${prefix}-${Math.random()}`, centre, ts: queuedAt, ...event }));
    const reader = new StreamReader(redis, keys, config, quietLogger(), 'crashed');
    await reader.createGroups();
    const state = initialState(config, 'rc');
    const stepAt = async (now: number) => {
      const entries = (await reader.read(10)).get(centre)!;
      const result = step(state, { events: reader.eventsIn(new Map([[centre, entries]])), positions: { [centre]: entries.at(-1)!.id }, commands: [], now }, { config, rules: [], plans: [] });
      markPrunes(state, result.pruned, now);
      return result.pruned;
    };

    await add({ type: 'contact.queued', contactId: 'c1', queue: 'voice', media: 'voice' });
    await add({ type: 'contact.queued', contactId: 'c2', queue: 'voice', media: 'voice', ts: queuedAt + staleMs });
    // Stale by this step's clock, c1 is forgotten: its abandonment below then counts as a contact never seen waiting.
    expect(await stepAt(queuedAt + staleMs + 1000)).toEqual([centre]);
    await add({ type: 'contact.abandoned', contactId: 'c1', queue: 'voice', ts: queuedAt + staleMs + 2000 });
    await add({ type: 'contact.abandoned', contactId: 'c2', queue: 'voice', ts: queuedAt + staleMs + 2000 });
    expect(await stepAt(queuedAt + staleMs + 3000)).toEqual([]);
    // The commit of the last step, without a checkpoint; then the term dies.
    await redis.set(keys.pipelineState(), JSON.stringify(savePipelineState(state)));

    const recovered = await recoverState(redis, keys, new StreamReader(redis, keys, config, quietLogger(), 'next'), config, 'rc');
    expect(recovered.checkpointed[centre]).toBe('0-0');
    expect(recovered.ahead.size).toBe(0);
    expect(recovered.state.engine.save(centre)).toEqual(state.engine.save(centre));
  });
});
