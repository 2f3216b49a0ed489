/**
 * commitStep against a real Redis: all or nothing under the fence, news published only with a
 * commit, and exactly the answered commands removed (by their text: a withdrawn one is not an error).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FencedError } from '../platform/cluster/fenced.js';
import { centreSlotKeys, createKeys, partitionKeys } from '../platform/redis/keys.js';
import { REDIS_URL, removeKeys, uniquePrefix, waitUntil } from '../test/support/env.js';
import { loadCheckpoint, type Checkpoint } from '../stages/stream/checkpoint.js';
import { checkpointFields, checkpointWrites, type FieldWrites } from '../stages/stream/checkpoint-fields.js';
import { IncidentStore } from '../stages/incidents/store.js';
import type { Incident, TimelineEntry } from '../stages/incidents/types.js';
import { ReadModel } from './read-model.js';
import { commitStep, committedShares, liveShares, mergeLive, type StepCommit } from './commit.js';

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
    const { writes } = checkpointWrites(undefined, { ...checkpoint, state: { ...checkpoint.state, pad: 'x'.repeat(300) } }, 0);
    await commitStep(redis, keys, fence(4), commitOf({ figures, state: '42', checkpoints: [{ centre: 'wuhan', writes, ack: [] }] }));
    expect(await redis.get(keys.pipelineState())).toBe('42');
    expect(await redis.hget(keys.metrics(), 'queue:wuhan/voice')).toBe(figures['queue:wuhan/voice']);
    await waitUntil(() => heard.length > 0, 'the published delta');
    expect(heard[0]).toBe(JSON.stringify({ asOf: 1000, scopes: { 'queue:wuhan/voice': scope } }));
    subscriber.off('message', listener);
    expect(await loadCheckpoint(redis, keys, 'wuhan')).toMatchObject({ lastId: '5-0', state: { v: 1, pad: 'x'.repeat(300) } });
  });

  it('writes a checkpoint whole, then field by field, then only the fields that changed, and deletes those gone', async () => {
    await redis.set(keys.fence(), '5');
    const key = keys.checkpoint('hangzhou');
    const state = (agents: [string, unknown][]) => ({ v: 1, watermark: 7, agents, pad: 'x'.repeat(3000) }) as unknown as Checkpoint['state'];
    const agent = (n: number, note = 'y') => [`a${n}`, { state: 'available', note: note.repeat(300) }] as [string, unknown];
    const commit = (writes: FieldWrites) => commitStep(redis, keys, fence(5), commitOf({ checkpoints: [{ centre: 'hangzhou', writes, ack: [] }] }));
    // A field an earlier term left behind: a checkpoint written whole deletes it.
    await redis.hset(key, '["state","stale"]', '1');
    const first = checkpointWrites(undefined, { lastId: '6-0', state: state([agent(1), agent(2), agent(3)]) }, 6);
    await commit(first.writes);
    expect(await redis.hgetall(key)).toEqual({ '[]': JSON.stringify({ lastId: '6-0', state: state([agent(1), agent(2), agent(3)]) }) });

    const second = checkpointWrites(first.held, { lastId: '7-0', state: state([agent(1), agent(2), agent(3)]) }, 7);
    await commit(second.writes);
    expect(await redis.hgetall(key)).toEqual(Object.fromEntries(second.held.fields!));

    // The second agent's place now held by the third; the third's old place is gone.
    const third = checkpointWrites(second.held, { lastId: '8-0', state: state([agent(1), agent(3)]) }, 8);
    expect(third.writes.whole).toBe(false);
    expect(Object.fromEntries(third.writes.set)).toEqual({ '["lastId"]': '"8-0"', '["state","agents",1]': JSON.stringify(agent(3)) });
    expect(third.writes.remove).toEqual(['["state","agents",2]']);
    await commit(third.writes);
    expect(await redis.hgetall(key)).toEqual(Object.fromEntries(third.held.fields!));
    expect(await loadCheckpoint(redis, keys, 'hangzhou')).toEqual({ lastId: '8-0', state: state([agent(1), agent(3)]) });
  });

  it('replaces a checkpoint an earlier release wrote as one string: a term\'s first checkpoint is written whole', async () => {
    await redis.set(keys.fence(), '6');
    const key = keys.checkpoint('wuhan');
    const checkpoint = { lastId: '9-0', state: { v: 1 } as unknown as Checkpoint['state'] };
    await redis.set(key, JSON.stringify({ lastId: '5-0', state: { v: 1 } }));
    const { writes } = checkpointWrites(undefined, checkpoint, 9);
    await commitStep(redis, keys, fence(6), commitOf({ checkpoints: [{ centre: 'wuhan', writes, ack: [] }] }));
    expect(await redis.type(key)).toBe('hash');
    expect(await loadCheckpoint(redis, keys, 'wuhan')).toEqual(checkpoint);
  });
});

describe('pipeline partitions', () => {
  // Each centre partition commits into its centre's slot, fenced by its own copy of the epoch; the roll-up stays in {global}.
  const slotted = centreSlotKeys(keys, ['shanghai', 'wuhan']);
  const keysOf = (partition: string) => (partition === 'roll-up' ? partitionKeys(slotted, partition) : partitionKeys(slotted, partition, partition));
  const all = ['shanghai', 'wuhan', 'roll-up'];
  const fenceOf = (partition: string, token = 1) => ({ key: keysOf(partition).fence(), token: () => token, epochKey: keysOf(partition).epoch(), epoch: () => 'e1' });
  const by = (partition: string, token = 1) => ({ partition, all, fence: fenceOf(partition, token) });
  beforeAll(async () => {
    for (const partition of ['shanghai', 'wuhan']) await redis.set(keysOf(partition).epoch(), JSON.stringify({ id: 'e1' }));
  });

  it('keep everything a centre commits in its centre slot, beside its stream', async () => {
    const own = keysOf('shanghai');
    const slot = `${prefix}:{shanghai}:`;
    for (const key of [own.fence(), own.lease(), own.epoch(), own.pipelineState(), own.outbox(), own.incidentCommands(), own.incidentReply('r'), own.engineStatus(), own.metrics(), own.metricsAsOf(), own.checkpoint('shanghai'), own.openIncidents(), own.incidentIndex(), own.audit(), own.rollUpParts(), own.partitionLive('shanghai', 'levels')]) {
      expect(key.startsWith(slot)).toBe(true);
    }
    expect(keys.stream('shanghai').startsWith(slot)).toBe(true);
    // Readers find a centre's incident by its id; the roll-up's stay in {global}.
    expect(slotted.incident('INC-20261204-k3f9-shanghai-0001')).toBe(own.incident('INC-20261204-k3f9-shanghai-0001'));
    expect(slotted.timeline('INC-20261204-k3f9-roll-up-0001')).toBe(keys.timeline('INC-20261204-k3f9-roll-up-0001'));
    expect(slotted.slots().map((k) => k.metrics())).toEqual([keys.metrics(), keysOf('shanghai').metrics(), keysOf('wuhan').metrics()]);
  });

  it('leave a checkpoint where recovery finds it after switching layouts: the newest of either', async () => {
    const state = { v: 1 } as unknown as Checkpoint['state'];
    const save = (key: string, lastId: string) => redis.del(key).then(() => redis.hset(key, Object.fromEntries(checkpointFields({ lastId, state }))));
    await save(keys.checkpoint('wuhan'), '9-0');
    await save(keysOf('wuhan').checkpoint('wuhan'), '10-0');
    expect((await loadCheckpoint(redis, keys, 'wuhan'))?.lastId).toBe('10-0');
    await save(keys.checkpoint('wuhan'), '11-0');
    expect((await loadCheckpoint(redis, keysOf('wuhan'), 'wuhan'))?.lastId).toBe('11-0');
  });

  it('read a checkpoint written whole as one string (before checkpoint fields) beside the other layout\'s fields', async () => {
    const state = { v: 1 } as unknown as Checkpoint['state'];
    await redis.set(keys.checkpoint('shanghai'), JSON.stringify({ lastId: '12-0', state }));
    await redis.del(keysOf('shanghai').checkpoint('shanghai'));
    await redis.hset(keysOf('shanghai').checkpoint('shanghai'), Object.fromEntries(checkpointFields({ lastId: '11-0', state })));
    expect(await loadCheckpoint(redis, keysOf('shanghai'), 'shanghai')).toEqual({ lastId: '12-0', state });
  });

  it('are read back as one: figures, incidents and timelines from every slot', async () => {
    const incident = (id: string, centre: string, openedAt: number) => ({ id, centre, state: 'open', openedAt }) as unknown as Incident;
    const inShanghai = incident('INC-20261204-k3f9-shanghai-0001', 'shanghai', 10);
    const inRollUp = incident('INC-20261204-k3f9-roll-up-0001', 'all', 20);
    const entry = { at: 10, kind: 'opened' } as unknown as TimelineEntry;
    await redis.set(keysOf('wuhan').fence(), '1');
    await redis.set(keysOf('shanghai').fence(), '1');
    await redis.set(keysOf('roll-up').fence(), '1');
    const figures = (scope: string) => ({ [scope]: JSON.stringify({ scope }) });
    await commitStep(redis, keysOf('wuhan'), fenceOf('wuhan'), commitOf({ asOf: 5000, partition: 'wuhan', figures: figures('centre:wuhan') }));
    await commitStep(redis, keysOf('shanghai'), fenceOf('shanghai'), commitOf({ asOf: 4000, partition: 'shanghai', incidents: { incidents: [inShanghai], timeline: [{ id: inShanghai.id, entry }] } }));
    await commitStep(redis, keysOf('roll-up'), { ...fenceOf('roll-up'), epochKey: keys.epoch() }, commitOf({ asOf: 4500, partition: 'roll-up', figures: figures('all'), incidents: { incidents: [inRollUp], timeline: [] } }));

    const store = new IncidentStore(redis, slotted);
    expect((await store.openIncidents()).map((i) => i.id)).toEqual([inShanghai.id, inRollUp.id]);
    expect((await store.list(10)).map((i) => i.id)).toEqual([inRollUp.id, inShanghai.id]);
    expect((await store.list(1)).map((i) => i.id)).toEqual([inRollUp.id]);
    expect(await store.get(inShanghai.id)).toEqual(inShanghai);
    expect(await store.timeline(inShanghai.id)).toEqual([entry]);
    const read = new ReadModel(redis, slotted);
    const { asOf, scopes } = await read.figures();
    expect(asOf).toBe(5000);
    expect(scopes).toMatchObject({ all: { scope: 'all' }, 'centre:wuhan': { scope: 'centre:wuhan' } });
    expect((await read.scope('centre:wuhan'))?.asOf).toBe(5000);
  });

  it('refuse a centre commit whose slot holds another epoch', async () => {
    const own = keysOf('wuhan');
    await redis.set(own.fence(), '1');
    await redis.set(own.epoch(), JSON.stringify({ id: 'e2' }));
    await expect(commitStep(redis, own, fenceOf('wuhan'), commitOf({ partition: 'wuhan' }))).rejects.toThrow(/epoch changed/);
    await redis.set(own.epoch(), JSON.stringify({ id: 'e1' }));
  });

  it('commit their levels and incidents apart; mergeLive joins the latest of all and publishes it, its asOf never going back', async () => {
    const heard: string[] = [];
    await subscriber.subscribe(keys.liveChannel());
    subscriber.on('message', (channel: string, text: string) => void (channel === keys.liveChannel() && heard.push(text)));
    const incident = { id: 'INC-20261204-k3f9-wuhan-0001', centre: 'wuhan', state: 'open' };
    const commit = async (partition: string, asOf: number, levels: object, incidents: object[]) => {
      const live: StepCommit['live'] = [{ type: 'levels', asOf, levels } as never, { type: 'incidents', asOf, incidents } as never];
      await commitStep(redis, keysOf(partition), fenceOf(partition), commitOf({ asOf, partition, live }));
      return liveShares(live);
    };
    await redis.set(keysOf('shanghai').fence(), '1');
    await redis.set(keysOf('wuhan').fence(), '1');

    const before = await redis.get(keys.liveLast('levels'));
    const shanghai = await commit('shanghai', 2000, { 'queue:shanghai/voice': 'orange' }, []);
    // A partition's commit announces nothing itself: only the merge does.
    expect(await redis.get(keys.liveLast('levels'))).toBe(before);
    expect(heard).toEqual([]);
    await mergeLive(redis, keysOf('shanghai'), by('shanghai'), shanghai, 2000);
    const wuhan = await commit('wuhan', 1500, { 'centre:wuhan': 'yellow' }, [incident]);
    await mergeLive(redis, keysOf('wuhan'), by('wuhan'), wuhan, 1500);

    const levels = JSON.parse((await redis.get(keys.liveLast('levels')))!) as { asOf: number; levels: object };
    expect(levels).toEqual({ type: 'levels', asOf: 2000, levels: { 'queue:shanghai/voice': 'orange', 'centre:wuhan': 'yellow' } });
    expect(JSON.parse((await redis.get(keys.liveLast('incidents')))!)).toEqual({ type: 'incidents', asOf: 2000, incidents: [incident] });
    await waitUntil(() => heard.length === 4, 'the four merged messages');
    expect(JSON.parse(heard[1]!)).toEqual({ type: 'incidents', asOf: 2000, incidents: [] });

    // What a partition committed is read back from its slot (a term's start merges it again).
    expect(await committedShares(redis, keysOf('wuhan'), 'wuhan')).toEqual(wuhan);
    expect(await committedShares(redis, keysOf('roll-up'), 'roll-up')).toEqual({ levels: '{}', incidents: '[]' });
    // A deposed term merging late does not bring back what the newer term replaced.
    await mergeLive(redis, keysOf('wuhan'), by('wuhan', 2), { levels: '{}' }, 3000);
    await mergeLive(redis, keysOf('wuhan'), by('wuhan', 1), { levels: '{"centre:wuhan":"red"}' }, 3000);
    expect(JSON.parse((await redis.get(keys.liveLast('levels')))!)).toEqual({ type: 'levels', asOf: 3000, levels: { 'queue:shanghai/voice': 'orange' } });
    await subscriber.unsubscribe();
  });
});
