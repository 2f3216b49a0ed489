/**
 * Group commit against a real, private Redis (so its command counts are this file's alone):
 * requests of one event-loop turn share one script call, each gets its own events' results,
 * and a call that fails fails only the requests it carried.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../../test/support/env.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { streamEventIds, streamLines } from '../../testkit/stream-lines.js';
import { createKeys } from '../../platform/redis/keys.js';
import { Ingest, type IngestReport } from './accept.js';
import { EventStore } from './store.js';
import { EVENTS_FIELD } from '../stream/entry.js';

let server: RedisProcess;
let redis: Redis;
const config = demoConfig('group');
const keys = createKeys('group');
const now = Date.now();
let n = 0;
const queued = (centre = 'wuhan', over: object = {}) => ({ id: `g-${++n}`, type: 'contact.queued', ts: now - 1000, centre, contactId: `c${n}`, queue: 'voice', media: 'voice', ...over });
const line = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

beforeAll(async () => {
  server = await RedisProcess.start({ persistent: false });
  redis = new Redis(server.url);
}, 20_000);
afterAll(async () => {
  redis?.disconnect();
  await server?.destroy();
});

/** scriptCalls counts the script calls Redis ran since the last count (the private server's command stats). */
async function scriptCalls(): Promise<number> {
  const info = await redis.info('commandstats');
  await redis.config('RESETSTAT');
  return [...info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** nextTurn waits until the turn's group has been sent. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  let ingest: Ingest;
  beforeEach(async () => {
    ingest = new Ingest(new EventStore(redis, keys, 60), config, () => now);
    // Loads the script, so every later call is one EVALSHA.
    await ingest.acceptBody(line(queued()), true);
    await scriptCalls();
  });

  it('answers requests of one turn from one script call, each with its own events\' results', async () => {
    const known = queued();
    await ingest.acceptBody(line(known), true);
    await scriptCalls();
    const fresh = queued();
    const pair = [queued('shanghai'), queued()];
    const another = queued();
    const bodies = [
      line(fresh), // accepted
      line(known), // stored before: a duplicate
      line(queued('wuhan', { media: 'fax' })), // rejected, sends nothing
      line(...pair), // both accepted
      line(fresh), // same turn, after its first copy: a duplicate
      line(another, known), // one of each
    ];
    const reports = await Promise.all(bodies.map((body) => ingest.acceptBody(body, true)));
    expect(await scriptCalls()).toBe(1);
    expect(reports.map((r) => [r.accepted, r.duplicates, r.rejectedCount])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [2, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
    ]);
    expect(reports[2]!.rejected[0]!.error).toMatch(/^media must be one of/);
    const shanghai = await streamEventIds(redis, keys.stream('shanghai'));
    expect(shanghai).toContain(pair[0]!.id);
    // The call wrote one entry a stream: wuhan's new events of every request are its last entry's lines, in order.
    const wuhan = await streamLines(redis, keys.stream('wuhan'));
    const lastEntry = wuhan.filter(({ id }) => id === wuhan.at(-1)!.id);
    expect(lastEntry.map(({ line }) => (JSON.parse(line) as { id: string }).id)).toEqual([fresh.id, pair[1]!.id, another.id]);
  });

  it('tells each event the entry it was written in, and a duplicate null', async () => {
    const store = new EventStore(redis, keys, 60);
    const pending = (e: { id: string; centre: string }) => ({ centre: e.centre, id: e.id, raw: JSON.stringify(e) });
    const known = queued('shanghai');
    await store.append([pending(known)]);
    // Entry ids are per stream: one an hour ahead in shanghai keeps its next ids apart from wuhan's of the same millisecond.
    await redis.xadd(keys.stream('shanghai'), `${Date.now() + 3_600_000}-0`, EVENTS_FIELD, JSON.stringify(queued('shanghai')));
    const events = [queued(), known, queued('shanghai'), queued(), queued('shanghai')];
    const results = await store.append(events.map(pending));
    const entryOf = async (e: { id: string; centre: string }) => (await streamLines(redis, keys.stream(e.centre))).filter(({ line }) => line.includes(`"${e.id}"`)).map(({ id }) => id);
    const expected = await Promise.all(events.map(async (e, i) => (i === 1 ? null : (await entryOf(e))[0])));
    expect(expected.filter((id) => id !== null)).toHaveLength(4);
    expect(new Set(expected.filter((id) => id !== null)).size).toBe(2);
    expect(results).toEqual(expected);
    expect(await entryOf(known)).toHaveLength(1);
  });

  it('keeps groups bounded: a large request goes alone, and a full group is sent before the next opens', async () => {
    const small = Array.from({ length: 300 }, () => ingest.acceptBody(line(queued()), true));
    const large = ingest.acceptBody(line(...Array.from({ length: 100 }, () => queued())), true);
    const reports = await Promise.all([...small, large]);
    expect(reports.every((r) => r.accepted > 0 && r.duplicates === 0)).toBe(true);
    expect(reports.at(-1)!.accepted).toBe(100);
    // 256 requests at most per group: 300 single events take two calls; the 100-event request its own.
    expect(await scriptCalls()).toBe(3);
  });

  it('fails only the requests whose events were in the failed call', async () => {
    // Foreign data under shanghai's stream key makes XADD fail there (WRONGTYPE), and so the whole call.
    await redis.set(keys.stream('shanghai'), 'not a stream');
    const settle = (p: Promise<IngestReport>) => p.then((report) => ({ report }), (err: Error) => ({ error: err.message }));
    const broken = [settle(ingest.acceptBody(line(queued()), true)), settle(ingest.acceptBody(line(queued('shanghai')), true))];
    await nextTurn();
    const sound = [settle(ingest.acceptBody(line(queued()), true)), settle(ingest.acceptBody(line(queued('wuhan'), queued('wuhan')), true))];
    const [first, second, third, fourth] = await Promise.all([...broken, ...sound]);
    expect(first).toEqual({ error: expect.stringMatching(/WRONGTYPE/) });
    expect(second).toEqual({ error: expect.stringMatching(/WRONGTYPE/) });
    expect(third).toMatchObject({ report: { accepted: 1 } });
    expect(fourth).toMatchObject({ report: { accepted: 2 } });
    expect(await scriptCalls()).toBe(2);
    await redis.del(keys.stream('shanghai'));
  });
});
