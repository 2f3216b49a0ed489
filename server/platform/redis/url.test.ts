import { describe, expect, it } from 'vitest';
import { describeRedisTarget, maskRedisUrl, parseRedisUrl, RedisUrlError } from './url.js';

describe('parseRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', { kind: 'single', url: 'redis://127.0.0.1:6379' }],
    ['rediss://u:p%40ss@h:6380/2', { kind: 'single', url: 'rediss://u:p%40ss@h:6380/2', username: 'u', password: 'p@ss' }],
    ['redis+cluster://10.0.0.1:7000,10.0.0.2:7001', { kind: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }], tls: false }],
    ['rediss+cluster://:secret@a,b:7001/', { kind: 'cluster', nodes: [{ host: 'a', port: 6379 }, { host: 'b', port: 7001 }], password: 'secret', tls: true }],
    ['redis+cluster://[::1]:7000', { kind: 'cluster', nodes: [{ host: '::1', port: 7000 }], tls: false }],
    [
      'redis+sentinel://s1:26379,s2/mymaster',
      { kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], masterName: 'mymaster', db: 0, tls: false },
    ],
    ['redis+sentinel://:pw@s1:5000/my%20master/3', { kind: 'sentinel', sentinels: [{ host: 's1', port: 5000 }], masterName: 'my master', db: 3, password: 'pw', tls: false }],
  ])('%s', (url, target) => {
    expect(parseRedisUrl(url)).toEqual(target);
  });

  it.each([
    ['localhost:6379', 'is not a Redis URL'],
    ['http://h:1', 'is not a Redis URL'],
    ['redis+cluster://', 'empty host'],
    ['redis+cluster://a:1,,b:2', 'empty host'],
    ['redis+cluster://a:99999', '"a:99999" is not host:port'],
    ['redis+cluster://a:1/3', 'has no path'],
    ['redis+sentinel://s1:26379', 'names the master'],
    ['redis+sentinel://s1:26379/m/x', 'database number 0–15'],
    ['redis://a:1,b:2', 'use redis+cluster:// or redis+sentinel://'],
    ['redis://h:1/zero', 'database number'],
    ['redis+cluster://u:hunter2@a:1/x', 'u:***@'],
  ])('refuses %s', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
    expect(() => parseRedisUrl(url)).toThrow(message);
    expect(() => parseRedisUrl(url)).not.toThrow('hunter2');
  });
});

describe('describeRedisTarget and maskRedisUrl', () => {
  it('say what is connected without the password', () => {
    expect(describeRedisTarget(parseRedisUrl('redis://:pw@h:1'))).toBe('single Redis at redis://:***@h:1');
    expect(describeRedisTarget(parseRedisUrl('redis+cluster://a:1,b:2'))).toBe('Redis Cluster (seeds a:1, b:2)');
    expect(describeRedisTarget(parseRedisUrl('redis+sentinel://s:1/m'))).toBe('Redis Sentinel master "m" (sentinels s:1)');
    expect(maskRedisUrl('redis+sentinel://user:pw@s:1/m')).toBe('redis+sentinel://user:***@s:1/m');
    expect(maskRedisUrl('redis://h:1')).toBe('redis://h:1');
  });
});
