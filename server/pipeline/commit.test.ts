/**
 * commitStep against a real Redis: all or nothing under the fence, news published only with a
 * commit, and exactly the answered commands removed (by their text: a withdrawn one is not an error).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FencedError } from '../platform/cluster/fenced.js';
import { createKeys, partitionKeys } from '../platform/redis/keys.js';
import { REDIS_URL, removeKeys, uniquePrefix, waitUntil } from '../test/support/env.js';
import type { Checkpoint } from '../stages/stream/checkpoint.js';
import { commitStep, mergeLive, type StepCommit } from './commit.js';

const prefix = uniquePrefix('commit');
const keys = createKeys(prefix);
const redis = new Redis(REDIS_URL);
const subscriber = new Redis(REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  subscriber.disconnect();
  await removeKeys(prefix);
});

// Commits are fenced by the lease token and by the Redis epoch the term began in.
const fence = (token: number) => ({ key: keys.fence(), token: () => token, epochKey: keys.epoch(), epoch: () => 'e1' });
beforeAll(async () => {
  await redis.set(keys.epoch(), JSON.stringify({ id: 'e1', createdAt: 0 }));
});
const command = (requestId: string) => JSON.stringify({ requestId, who: { name: 'dana', role: 'dispatcher' }, at: 1, command: { kind: 'act', id: 'INC-x', action: 'ack', reason: 'r' } });

function commitOf(change: Partial<StepCommit>): StepCommit {
  return { asOf: 1000, state: '{"positions":{}}', figures: {}, incidents: { incidents: [], timeline: [] }, intents: [], replies: [], unreadable: [], audit: [], live: [], status: '{}', ...change };
}

describe('commitStep', () => {
  it('writes nothing and announces nothing under a stale fencing token', async () => {
    await redis.set(keys.fence(), '2');
    const heard: string[] = [];
    subscriber.on('message', (_channel: string, text: string) => heard.push(text));
    await subscriber.subscribe(keys.liveChannel());
    const levels = { type: 'levels', asOf: 1000, levels: { 'centre:wuhan': 'red' } };
    const stale = commitOf({ live: [levels], intents: [{ job: 'action', key: 'k1', incidentId: 'INC-1', level: 'red' }] });
    await expect(commitStep(redis, keys, fence(1), stale)).rejects.toBeInstanceOf(FencedError);
    expect(await redis.exists(keys.pipelineState(), keys.outbox(), keys.liveLast('levels'), keys.metricsAsOf())).toBe(0);

    await commitStep(redis, keys, fence(2), stale);
    expect(await redis.lrange(keys.outbox(), 0, -1)).toHaveLength(1);
    expect(await redis.get(keys.metricsAsOf())).toBe('1000');
    await waitUntil(() => heard.length > 0, 'the committed news');
    expect(heard.map((t) => JSON.parse(t))).toEqual([levels]);
  });

  it('answers commands and removes exactly those, by their text', async () => {
    await redis.set(keys.fence(), '3');
    const [a, b, c] = [command('a'), command('b'), command('c')];
    await redis.rpush(keys.incidentCommands(), a, b, c, 'not json');
    await redis.lrem(keys.incidentCommands(), 1, b); // its sender gave up waiting
    const answer = { ok: false as const, status: 404 as const, error: 'no open incident INC-x' };
    await commitStep(redis, keys, fence(3), commitOf({ replies: [{ requestId: 'a', answer, command: a }, { requestId: 'b', answer, command: b }], unreadable: ['not json'] }));
    expect(await redis.lrange(keys.incidentCommands(), 0, -1)).toEqual([c]);
    expect(JSON.parse((await redis.get(keys.incidentReply('a')))!)).toEqual(answer);
    expect(await redis.ttl(keys.incidentReply('a'))).toBeGreaterThan(50);
  });

  it('writes long values (figures, checkpoints) byte for byte beside short ones that look like numbers', async () => {
    await redis.set(keys.fence(), '4');
    const scope = { scope: 'queue:wuhan/voice', asOf: 1000, note: `"quoted" \\ ${'é漢'.repeat(200)}` };
    const figures = { 'queue:wuhan/voice': JSON.stringify(scope) };
    const heard: string[] = [];
    const listener = (channel: string, text: string) => channel === keys.metricsChannel() && heard.push(text);
    subscriber.on('message', listener);
    await subscriber.subscribe(keys.metricsChannel());
    const checkpoint = { lastId: '5-0', state: { v: 1, watermark: 7, day: '2026-12-03' } } as unknown as Checkpoint;
    await commitStep(redis, keys, fence(4), commitOf({ figures, state: '42', checkpoints: [{ centre: 'wuhan', checkpoint: { ...checkpoint, state: { ...checkpoint.state, pad: 'x'.repeat(300) } as never }, ack: [] }] }));
    expect(await redis.get(keys.pipelineState())).toBe('42');
    expect(await redis.hget(keys.metrics(), 'queue:wuhan/voice')).toBe(figures['queue:wuhan/voice']);
    await waitUntil(() => heard.length > 0, 'the published delta');
    expect(heard[0]).toBe(JSON.stringify({ asOf: 1000, scopes: { 'queue:wuhan/voice': scope } }));
    subscriber.off('message', listener);
    expect(JSON.parse((await redis.get(keys.checkpoint('wuhan')))!)).toMatchObject({ lastId: '5-0', state: { v: 1, pad: 'x'.repeat(300) } });
  });
});

describe('pipeline partitions', () => {
  it('commit their levels and incidents apart; mergeLive joins the latest of all and publishes it, its asOf never going back', async () => {
    const heard: string[] = [];
    await subscriber.subscribe(keys.liveChannel());
    subscriber.on('message', (channel: string, text: string) => void (channel === keys.liveChannel() && heard.push(text)));
    const incident = { id: 'INC-20261204-k3f9-wuhan-0001', centre: 'wuhan', state: 'open' };
    const commit = (partition: string, asOf: number, levels: object, incidents: object[]) =>
      commitStep(redis, partitionKeys(keys, partition), { ...fence(1), key: partitionKeys(keys, partition).fence() }, commitOf({ asOf, partition, live: [{ type: 'levels', asOf, levels }, { type: 'incidents', asOf, incidents }] }));
    await redis.set(partitionKeys(keys, 'shanghai').fence(), '1');
    await redis.set(partitionKeys(keys, 'wuhan').fence(), '1');

    const before = await redis.get(keys.liveLast('levels'));
    await commit('shanghai', 2000, { 'queue:shanghai/voice': 'orange' }, []);
    // A partition's commit announces nothing itself: only the merge does.
    expect(await redis.get(keys.liveLast('levels'))).toBe(before);
    expect(heard).toEqual([]);
    await mergeLive(redis, keys, ['shanghai', 'wuhan', 'roll-up'], ['levels', 'incidents'], 2000);
    await commit('wuhan', 1500, { 'centre:wuhan': 'yellow' }, [incident]);
    await mergeLive(redis, keys, ['shanghai', 'wuhan', 'roll-up'], ['levels', 'incidents'], 1500);

    const levels = JSON.parse((await redis.get(keys.liveLast('levels')))!) as { asOf: number; levels: object };
    expect(levels).toEqual({ type: 'levels', asOf: 2000, levels: { 'queue:shanghai/voice': 'orange', 'centre:wuhan': 'yellow' } });
    expect(JSON.parse((await redis.get(keys.liveLast('incidents')))!)).toEqual({ type: 'incidents', asOf: 2000, incidents: [incident] });
    await waitUntil(() => heard.length === 4, 'the four merged messages');
    expect(JSON.parse(heard[1]!)).toEqual({ type: 'incidents', asOf: 2000, incidents: [] });
    await subscriber.unsubscribe();
  });
});
