import { describe, expect, it } from 'vitest';
import { useRedis } from '../../test/support/env.js';
import { JsonHash } from './json-hash.js';

const { prefix, redis } = useRedis('json-hash');

describe('JsonHash', () => {
  const hash = new JsonHash<{ n: number; tags: string[] }>(redis, `${prefix}:things`);

  it('keeps documents by field, as JSON', async () => {
    expect(await hash.get('a')).toBeUndefined();
    await hash.put('a', { n: 1, tags: ['x'] });
    await hash.putMany([['b', { n: 2, tags: [] }], ['c', { n: 3, tags: ['y', 'z'] }]]);
    expect(await hash.get('c')).toEqual({ n: 3, tags: ['y', 'z'] });
    expect((await hash.values()).map((v) => v.n).sort()).toEqual([1, 2, 3]);
    await hash.delete(['a', 'b']);
    await hash.delete([]);
    expect((await hash.values()).map((v) => v.n)).toEqual([3]);
  });

  it('putIfAbsent keeps the first document and returns it', async () => {
    expect(await hash.putIfAbsent('d', { n: 4, tags: [] })).toEqual({ n: 4, tags: [] });
    expect(await hash.putIfAbsent('d', { n: 5, tags: [] })).toEqual({ n: 4, tags: [] });
  });
});
