import { describe, expect, it } from 'vitest';
import { sentinelOptions } from './sentinel.js';

const sentinels = [
  { host: '10.0.0.1', port: 26379 },
  { host: 'sentinel-2', port: 26380 },
];

describe('sentinelOptions', () => {
  it('follows the named master through the sentinels, with the data nodes credentials, database and TLS', () => {
    const options = sentinelOptions({ sentinels, name: 'surge', username: 'app', password: 'secret', db: 2, tls: true });
    expect(options).toMatchObject({ sentinels, name: 'surge', role: 'master', failoverDetector: false, username: 'app', password: 'secret', db: 2, tls: {}, enableTLSForSentinelMode: true });
    expect(sentinelOptions({ sentinels, name: 'surge' })).not.toHaveProperty('password');
  });

  it('reconnects (asking the sentinels again) when a write reaches a demoted master, and keeps asking when no sentinel answers', () => {
    const options = sentinelOptions({ sentinels, name: 'surge' });
    expect(options.reconnectOnError!(new Error("READONLY You can't write against a read only replica."))).toBe(1);
    expect(options.reconnectOnError!(new Error('ERR wrong number of arguments'))).toBe(false);
    expect([1, 5, 50].map((n) => options.sentinelRetryStrategy!(n))).toEqual([200, 2000, 2000]);
  });

  it('refuses a target without sentinels or master name', () => {
    expect(() => sentinelOptions({ sentinels: [], name: 'surge' })).toThrow(/at least one sentinel/);
    expect(() => sentinelOptions({ sentinels, name: '' })).toThrow(/master name/);
  });
});
