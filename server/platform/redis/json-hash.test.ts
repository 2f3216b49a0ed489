import { describe, expect, it } from 'vitest';
import { useRedis } from '../../test/support/env.js';
import { JsonHash } from './json-hash.js';

const { prefix, redis } = useRedis('json-hash');

describe('JsonHash', () => {
  type Thing = { id: string; n: number; tags: string[] };
  const hash = new JsonHash<Thing>(redis, `${prefix}:things`, (t) => t.id);

  it('keeps documents by field, as JSON', async () => {
    expect(await hash.get('a')).toBeUndefined();
    await hash.put({ id: 'a', n: 1, tags: ['x'] });
    await hash.putMany([
      { id: 'b', n: 2, tags: [] },
      { id: 'c', n: 3, tags: ['y', 'z'] },
    ]);
    await hash.putMany([]);
    expect(await hash.get('c')).toEqual({ id: 'c', n: 3, tags: ['y', 'z'] });
    expect((await hash.values()).map((v) => v.n).sort()).toEqual([1, 2, 3]);
    await hash.delete(['a', 'b']);
    await hash.delete([]);
    expect((await hash.values()).map((v) => v.n)).toEqual([3]);
  });

  it('putIfAbsent keeps the first document and returns it', async () => {
    expect(await hash.putIfAbsent({ id: 'd', n: 4, tags: [] })).toEqual({ id: 'd', n: 4, tags: [] });
    expect(await hash.putIfAbsent({ id: 'd', n: 5, tags: [] })).toEqual({ id: 'd', n: 4, tags: [] });
  });

  it('update merges a change into a document there is, and only then', async () => {
    await hash.put({ id: 'e', n: 5, tags: ['x'] });
    expect(await hash.update('e', { n: 6 })).toEqual({ id: 'e', n: 6, tags: ['x'] });
    expect(await hash.get('e')).toEqual({ id: 'e', n: 6, tags: ['x'] });
    expect(await hash.update('missing', { n: 7 })).toBeUndefined();
    expect(await hash.get('missing')).toBeUndefined();
  });

  it('putIn and deleteIn write within the caller\'s MULTI', async () => {
    await hash.put({ id: 'f', n: 1, tags: [] });
    const tx = redis.multi();
    hash.putIn(tx, { id: 'g', n: 2, tags: [] });
    hash.deleteIn(tx, 'f');
    expect(await hash.get('g')).toBeUndefined();
    await tx.exec();
    expect(await hash.get('g')).toEqual({ id: 'g', n: 2, tags: [] });
    expect(await hash.get('f')).toBeUndefined();
  });
});
