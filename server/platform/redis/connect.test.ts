import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisTrouble } from './connect.js';

// The texts Redis 7 sends; LOADING cannot be brought about cheaply in a test, so it is named here.
const cases: [string, unknown, string | undefined][] = [
  ['out of memory', new ReplyError("OOM command not allowed when used memory > 'maxmemory'."), 'redis out of memory'],
  ['a read-only replica', new ReplyError("READONLY You can't write against a read only replica."), 'redis is a read-only replica'],
  ['loading', new ReplyError('LOADING Redis is loading the dataset in memory'), 'redis is loading its data'],
  ['master down', new ReplyError("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."), 'redis replica lost its master'],
  ['a transaction aborted by one', Object.assign(new ReplyError('EXECABORT Transaction discarded because of previous errors.'), { previousErrors: [new ReplyError("OOM command not allowed when used memory > 'maxmemory'.")] }), 'redis out of memory'],
  ['a Cluster with a slot unserved, after ioredis gave up redirecting', new Error('Too many Cluster redirections. Last error: ReplyError: CLUSTERDOWN The cluster is down'), 'redis cluster is down (a slot has no master yet)'],
  ['a Cluster moving a slot', new ReplyError('TRYAGAIN Multiple keys request during rehashing of slot'), 'redis cluster is moving a slot'],
  ['a pipeline cut off by a failover', Object.assign(new Error('Command aborted due to connection close'), { name: 'AbortError' }), 'redis is unavailable'],
  ['a refused connection', new Error('connect ECONNREFUSED 127.0.0.1:6379'), 'redis is unavailable'],
  ['a command error', new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'), undefined],
  ['an error that only mentions a code', new ReplyError('ERR unknown command LOADING'), undefined],
];

describe('redisTrouble', () => {
  it.each(cases)('%s', (_name, err, reason) => {
    expect(redisTrouble(err)?.reason).toBe(reason);
  });
});
