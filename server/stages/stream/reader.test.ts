import { describe, expect, it } from 'vitest';
import { demoConfig, quietLogger, useRedis } from '../../test/support/env.js';
import { createKeys } from '../../platform/redis/keys.js';
import { Ingest } from '../ingest/accept.js';
import { EventStore } from '../ingest/store.js';
import { MetricsEngine } from '../metrics/engine.js';
import { compareIds } from './checkpoint.js';
import { StreamReader } from './reader.js';

const { prefix, redis } = useRedis('stream-reader');
const config = demoConfig(prefix);
const keys = createKeys(prefix);
const store = new EventStore(redis, keys, config.ingest.dedupTtlSec);
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

describe('the stream holds canonical events, read back without validating again', () => {
  it('keeps a canonical line as sent, writes normalised JSON for ISO times, and reads both as the validator made them', async () => {
    const ingest = new Ingest(store, config, () => now);
    const epochLine = JSON.stringify({ id: `${prefix}-a`, type: 'contact.queued', ts: now - 1000, centre: 'wuhan', contactId: 'a', queue: 'voice', media: 'voice', vendor: { kept: [1, 2] } });
    const isoEvent = { id: `${prefix}-b`, type: 'agent.shift', ts: iso(now - 2000), centre: 'wuhan', agentId: 'x', start: iso(now - 3_600_000), end: iso(now + 3_600_000) };
    const report = await ingest.acceptBody(`${epochLine}\n${JSON.stringify(isoEvent)}`, true);
    expect(report).toMatchObject({ accepted: 2, rejectedCount: 0 });

    // The batch's events of one centre are one entry, a line each.
    const entries = await redis.xrange(keys.stream('wuhan'), '-', '+');
    expect(entries).toHaveLength(1);
    expect(entries[0]![1][0]).toBe('e');
    const stored = entries[0]![1][1]!.split('\n');
    expect(stored[0]).toBe(epochLine);
    expect(JSON.parse(stored[1]!)).toEqual({ ...isoEvent, ts: now - 2000, start: now - 3_600_000, end: now + 3_600_000 });

    const reader = new StreamReader(redis, keys, config, quietLogger(), 'test');
    await reader.createGroups();
    const events = [...reader.eventsIn(await reader.read(10))];
    expect(events).toEqual([JSON.parse(epochLine), { ...isoEvent, ts: now - 2000, start: now - 3_600_000, end: now + 3_600_000 }]);
    expect(reader.unreadable).toBe(0);
  });

  it('skips and counts entries no ingest could have written, so one foreign XADD cannot stall the pipeline', async () => {
    const event = (over: object) => JSON.stringify({ id: `${prefix}-f`, type: 'contact.queued', ts: now, centre: 'shanghai', contactId: 'f', queue: 'voice', media: 'voice', ...over });
    // The five fields alone: an agent.state without its agent is not what ingest writes.
    const bare = JSON.stringify({ id: `${prefix}-b`, type: 'agent.state', ts: now, centre: 'shanghai' });
    const foreign = ['not json', '[1]', event({ centre: 'atlantis' }), event({ centre: 'wuhan' }), event({ ts: iso(now) }), event({ type: 'contact.teleported' }), event({ queue: 7 }), bare];
    for (const text of foreign) await redis.xadd(keys.stream('shanghai'), '*', 'e', text);
    const good = JSON.stringify({ id: `${prefix}-g`, type: 'source.heartbeat', ts: now, centre: 'shanghai', source: 'cti' });
    const alsoGood = JSON.stringify({ id: `${prefix}-h`, type: 'source.heartbeat', ts: now, centre: 'shanghai', source: 'ivr' });
    await redis.xadd(keys.stream('shanghai'), '*', 'e', good);
    // An entry's lines are read one by one: a foreign line among them costs only itself; an entry without the field is one unreadable line.
    await redis.xadd(keys.stream('shanghai'), '*', 'e', `${alsoGood}\nnot json\n${event({ centre: 'wuhan' })}`);
    await redis.xadd(keys.stream('shanghai'), '*', 'event', good);

    const reader = new StreamReader(redis, keys, config, quietLogger(), 'test-foreign');
    await reader.createGroups();
    const entries = (await reader.read(10)).get('shanghai')!;
    expect(entries).toHaveLength(foreign.length + 3);
    // Read, not yet taken: a line is parsed (and counted when unreadable) only as the step takes it.
    expect(reader.unreadable).toBe(0);
    expect(entries.map((e) => [...reader.events('shanghai', e)])).toEqual([...foreign.map(() => []), [JSON.parse(good)], [JSON.parse(alsoGood)], []]);
    expect(reader.unreadable).toBe(foreign.length + 3);
    // Why the guard stays: applied as is, such an entry throws in the engine, and the step with it would fail on every retry.
    expect(() => new MetricsEngine(config).apply(JSON.parse(event({ centre: 'atlantis' })))).toThrow(/no partition/);
    const engine = new MetricsEngine(config);
    expect(() => {
      engine.apply(JSON.parse(bare));
      engine.snapshot(now);
    }).toThrow();
  });
});

describe('acknowledgements cover only what was applied', () => {
  it('hands over the ids up to the applied position; a batch read ahead stays pending for the next term to claim', async () => {
    for (const contactId of ['p1', 'p2', 'p3', 'p4']) {
      await redis.xadd(keys.stream('hangzhou'), '*', 'e', JSON.stringify({ id: `${prefix}-${contactId}`, type: 'contact.queued', ts: now, centre: 'hangzhou', contactId, queue: 'voice', media: 'voice' }));
    }
    const reader = new StreamReader(redis, keys, config, quietLogger(), 'test-acks', 2);
    await reader.createGroups();
    const applied = (await reader.read(10)).get('hangzhou')!;
    expect(reader.full(new Map([['hangzhou', applied]]))).toBe(true);
    const readAhead = (await reader.read(10)).get('hangzhou')!;
    expect(readAhead).toHaveLength(2);

    const position = { hangzhou: applied[1]!.id, shanghai: '0-0', wuhan: '0-0' };
    expect(reader.takeAcks(position)).toEqual(new Map([['hangzhou', applied.map((e) => e.id)]]));
    expect(reader.takeAcks(position)).toEqual(new Map());
    const claimed = await new StreamReader(redis, keys, config, quietLogger(), 'test-acks-next').claimPending('hangzhou');
    expect(claimed.map((e) => e.id)).toEqual([...applied, ...readAhead].map((e) => e.id));
    expect(reader.takeAcks({ ...position, hangzhou: readAhead[1]!.id })).toEqual(new Map([['hangzhou', readAhead.map((e) => e.id)]]));
  });
});

describe('acknowledgements after a rebuild', () => {
  it('hands over every delivery up to the position when recovery delivered the same ids again, then reads on in order', async () => {
    const add = async (n: number) => (await redis.xadd(keys.stream('shanghai'), '*', 'e', JSON.stringify({ id: `${prefix}-again-${n}`, type: 'contact.queued', ts: now, centre: 'shanghai', contactId: `g${n}`, queue: 'voice', media: 'voice' })))!;
    const ids = [await add(1), await add(2), await add(3)];
    const reader = new StreamReader(redis, keys, config, quietLogger(), 'test-again');
    await reader.createGroups();
    expect((await reader.read(10)).get('shanghai')!.map((e) => e.id)).toEqual(ids);
    // A rebuild (the same term's reader) claims what is pending (earlier tests' entries too): these ids, delivered again.
    const claimed = (await reader.claimPending('shanghai')).map((e) => e.id);
    expect(claimed).toEqual(expect.arrayContaining(ids));
    const upTo = (position: string, list: string[]) => list.filter((id) => compareIds(id, position) <= 0);
    const acks = reader.takeAcks({ hangzhou: '0-0', shanghai: ids[1]!, wuhan: '0-0' }).get('shanghai')!;
    expect([...acks].sort()).toEqual([...ids.slice(0, 2), ...upTo(ids[1]!, claimed)].sort());
    expect(acks.filter((id) => id === ids[1])).toHaveLength(2);
    expect(reader.takeAcks({ hangzhou: '0-0', shanghai: ids[2]!, wuhan: '0-0' }).get('shanghai')).toEqual([ids[2], ids[2]]);
    const later = [await add(4), await add(5)];
    expect((await reader.read(10)).get('shanghai')!.map((e) => e.id)).toEqual(later);
    expect(reader.takeAcks({ hangzhou: '0-0', shanghai: later[0]!, wuhan: '0-0' }).get('shanghai')).toEqual([later[0]]);
    expect(reader.takeAcks({ hangzhou: '0-0', shanghai: later[1]!, wuhan: '0-0' }).get('shanghai')).toEqual([later[1]]);
  });
});

describe('reading behind', () => {
  it('reads an ordinary batch a centre, the larger catch-up batch once behind, the largest at a term\'s start, in stream order', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 16; n++) {
      ids.push((await redis.xadd(keys.stream('wuhan'), '*', 'e', JSON.stringify({ id: `${prefix}-behind-${n}`, type: 'contact.queued', ts: now, centre: 'wuhan', contactId: `b${n}`, queue: 'voice', media: 'voice' })))!);
    }
    const reader = new StreamReader(redis, keys, config, quietLogger(), 'test-behind', 2, 5, 6);
    await reader.createGroups();
    const first = (await reader.read(10)).get('wuhan')!;
    expect(first.map((e) => e.id)).toEqual(ids.slice(0, 2));
    expect(reader.full(new Map([['wuhan', first]]))).toBe(true);
    const behind = (await reader.read(10, 'behind')).get('wuhan')!;
    expect(behind.map((e) => e.id)).toEqual(ids.slice(2, 7));
    expect(behind.map((e) => [...reader.events('wuhan', e)][0]?.id)).toEqual([2, 3, 4, 5, 6].map((n) => `${prefix}-behind-${n}`));
    expect((await reader.read(10, 'starting')).get('wuhan')!.map((e) => e.id)).toEqual(ids.slice(7, 13));
    expect((await reader.read(10, 'behind')).get('wuhan')!.map((e) => e.id)).toEqual(ids.slice(13));
  });

  it('sizes its batches in events: entries of several events are read fewer at a time', async () => {
    // Fourteen entries of three events each, as ingest writes a batch of three, and nothing else (earlier tests' entries gone).
    await redis.del(...config.centres.map((c) => keys.stream(c.id)));
    const ids: string[] = [];
    for (let n = 0; n < 14; n++) {
      const lines = [0, 1, 2].map((k) => JSON.stringify({ id: `${prefix}-dense-${n}-${k}`, type: 'contact.queued', ts: now, centre: 'shanghai', contactId: `d${n}${k}`, queue: 'voice', media: 'voice' }));
      ids.push((await redis.xadd(keys.stream('shanghai'), '*', 'e', lines.join('\n')))!);
    }
    const reader = new StreamReader(redis, keys, config, quietLogger(), 'test-dense', 6, 12);
    await reader.createGroups();
    // Knowing nothing yet, the first read takes one entry an event; then the entries held three events each.
    const first = (await reader.read(10)).get('shanghai')!;
    expect(first.map((e) => e.id)).toEqual(ids.slice(0, 6));
    expect([...reader.eventsIn(new Map([['shanghai', first]]))]).toHaveLength(18);
    const second = (await reader.read(10)).get('shanghai')!;
    expect(second.map((e) => e.id)).toEqual(ids.slice(6, 8));
    expect(reader.full(new Map([['shanghai', second]]))).toBe(true);
    const behind = (await reader.read(10, 'behind')).get('shanghai')!;
    expect(behind.map((e) => e.id)).toEqual(ids.slice(8, 12));
    expect([...reader.eventsIn(new Map([['shanghai', behind]]))].map((event) => event.id)).toEqual([8, 9, 10, 11].flatMap((n) => [0, 1, 2].map((k) => `${prefix}-dense-${n}-${k}`)));
    expect((await reader.read(10)).get('shanghai')!.map((e) => e.id)).toEqual(ids.slice(12));
  });
});
