/**
 * fencedWrite's arguments: a long text travels once however many commands use it, and a Joined argument
 * is put together by Redis from its parts (the published metrics delta quotes the figures the commit writes).
 * And a write is all or nothing even when a key is of the wrong type (Redis would keep a script's earlier writes).
 */
import { describe, expect, it } from 'vitest';
import { useRedis } from '../../test/support/env.js';
import { encodeCommands, fencedWrite, type Command, type Fence } from './fenced.js';

const { prefix, redis } = useRedis('fenced-write');
const fence: Fence = { key: `${prefix}:fence`, token: () => 7, epochKey: `${prefix}:epoch`, epoch: () => 'e1' };

describe('fenced writes with long and joined arguments', () => {
  const figures = { a: `{"scope":"a","text":"${'x'.repeat(400)}"}`, b: `{"scope":"b","text":"${'y'.repeat(300)}"}` };
  const commands: Command[] = [
    ['HSET', `${prefix}:figures`, 'a', figures.a, 'b', figures.b],
    ['SET', `${prefix}:delta`, { join: ['{"scopes":{"a":', figures.a, ',"b":', figures.b, '}}'] }],
    ['SET', `${prefix}:short`, { join: ['one', '-', 'two'] }],
  ];

  it('sends each distinct long text once, referred to from every command and joined argument using it', () => {
    const { json, long } = encodeCommands(commands);
    expect(long).toEqual([figures.a, figures.b]);
    expect(JSON.parse(json)).toEqual([
      ['HSET', `${prefix}:figures`, 'a', 5, 'b', 6],
      ['SET', `${prefix}:delta`, ['{"scopes":{"a":', 5, ',"b":', 6, '}}']],
      ['SET', `${prefix}:short`, ['one', '-', 'two']],
    ]);
  });

  it('writes what the commands say, joined arguments put together in order', async () => {
    await redis.set(fence.key, '7');
    await redis.set(fence.epochKey, JSON.stringify({ id: 'e1' }));
    await fencedWrite(redis, fence, commands);
    expect(await redis.hgetall(`${prefix}:figures`)).toEqual(figures);
    const delta = (await redis.get(`${prefix}:delta`))!;
    expect(JSON.parse(delta)).toEqual({ scopes: { a: JSON.parse(figures.a), b: JSON.parse(figures.b) } });
    expect(await redis.get(`${prefix}:short`)).toBe('one-two');
  });

  it('writes nothing when a later command finds its key of another type', async () => {
    await redis.set(fence.key, '7');
    await redis.set(fence.epochKey, JSON.stringify({ id: 'e1' }));
    await redis.set(`${prefix}:not-a-list`, 'x');
    const write: Command[] = [
      ['SET', `${prefix}:first`, '1'],
      ['HSET', `${prefix}:hash`, 'f', 'v'],
      ['RPUSH', `${prefix}:not-a-list`, 'intent'],
    ];
    await expect(fencedWrite(redis, fence, write)).rejects.toThrow(/WRONGTYPE .*not-a-list holds a string where a list belongs/);
    expect(await redis.exists(`${prefix}:first`, `${prefix}:hash`)).toBe(0);
    expect(await redis.get(`${prefix}:not-a-list`)).toBe('x');
  });

  it('judges a key as the write leaves it: deleted first, a string may become a hash (a checkpoint of an earlier release)', async () => {
    await redis.set(fence.key, '7');
    await redis.set(fence.epochKey, JSON.stringify({ id: 'e1' }));
    await redis.set(`${prefix}:checkpoint`, '{"lastId":"1-0"}');
    await fencedWrite(redis, fence, [
      ['DEL', `${prefix}:checkpoint`],
      ['HSET', `${prefix}:checkpoint`, '[]', '{}'],
    ]);
    expect(await redis.hgetall(`${prefix}:checkpoint`)).toEqual({ '[]': '{}' });
    await expect(fencedWrite(redis, fence, [['SET', `${prefix}:later`, '1'], ['SET', `${prefix}:checkpoint`, 'x'], ['HSET', `${prefix}:checkpoint`, 'f', 'v']])).rejects.toThrow(/WRONGTYPE .*checkpoint holds a string/);
    expect(await redis.exists(`${prefix}:later`)).toBe(0);
  });
});
