/** `surge start` with a Redis it cannot use: one sentence naming the URL, password masked, exit 1. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { maskedUrl } from '../platform/redis/reachable.js';

const start = (redisUrl: string) =>
  spawnSync(process.execPath, ['bin/surge.js', 'start'], {
    env: { ...process.env, SURGE_FROM_SOURCE: '1', REDIS_URL: redisUrl, PORT: '0', SURGE_SIMULATE: 'off' },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** The lines of stderr that are not pino JSON (the uWS backend line comes first). */
const said = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'));

describe('surge start with a wrong REDIS_URL', () => {
  it('says which URL refused, without the password or a stack trace', () => {
    const r = start('redis://:s3cret@127.0.0.1:1');
    expect(r.status).toBe(1);
    expect(said(r.stderr)).toEqual([
      'surge: cannot reach Redis at redis://:***@127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1); check REDIS_URL or redis.url in the config',
    ]);
    expect(r.stdout + r.stderr).not.toMatch(/s3cret/);
  });

  it('says so for a host that does not exist', () => {
    const r = start('redis://no-such-host.invalid:6379');
    expect(r.status).toBe(1);
    expect(said(r.stderr)).toEqual([expect.stringMatching(/^surge: cannot reach Redis at redis:\/\/no-such-host\.invalid:6379 \(getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid\); check REDIS_URL/)]);
  });
});

describe('maskedUrl', () => {
  it.each([
    ['redis://:pw@h:6379', 'redis://:***@h:6379'],
    ['rediss://user:pw@h:6380/2', 'rediss://user:***@h:6380/2'],
    ['redis://h:6379', 'redis://h:6379'],
    ['redis://user@h', 'redis://user@h'],
    ['redis://u:pw@h:99999', 'redis://u:***@h:99999'],
    ['redis+cluster://u:pw@a:1,b:2', 'redis+cluster://u:***@a:1,b:2'],
  ])('%s → %s', (url, shown) => expect(maskedUrl(url)).toBe(shown));
});
