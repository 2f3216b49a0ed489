import { describe, expect, it } from 'vitest';
import { canonicalIp, placement } from './master-endpoint.js';

describe('placement', () => {
  const named = { host: '10.0.0.2', port: 6379 };

  it('is on the master when the socket reaches the named IP and port, however the IP is written', () => {
    expect(placement(named, { address: '10.0.0.2', port: 6379 })).toBe('on-master');
    expect(placement(named, { address: '::ffff:10.0.0.2', port: 6379 })).toBe('on-master');
    expect(placement({ host: '0:0:0:0:0:0:0:1', port: 6379 }, { address: '::1', port: 6379 })).toBe('on-master');
  });

  it('is elsewhere on another port or another IP', () => {
    expect(placement(named, { address: '10.0.0.2', port: 6380 })).toBe('elsewhere');
    expect(placement(named, { address: '10.0.0.3', port: 6379 })).toBe('elsewhere');
  });

  it('compares a named hostname by the addresses it resolves to, and cannot tell when it did not resolve', () => {
    const byName = { host: 'redis-1.internal', port: 6379 };
    expect(placement(byName, { address: '10.0.0.2', port: 6379 }, ['10.0.0.9', '10.0.0.2'])).toBe('on-master');
    expect(placement(byName, { address: '10.0.0.3', port: 6379 }, ['10.0.0.2'])).toBe('elsewhere');
    expect(placement(byName, { address: '10.0.0.3', port: 6379 }, undefined)).toBe('unknown');
    expect(placement(byName, { address: '10.0.0.3', port: 6379 }, [])).toBe('unknown');
    // Another port needs no resolution.
    expect(placement(byName, { address: '10.0.0.3', port: 6380 })).toBe('elsewhere');
  });

  it('cannot tell without a socket address', () => {
    expect(placement(named, { address: undefined, port: undefined })).toBe('unknown');
  });
});

describe('canonicalIp', () => {
  it('writes IPv4-mapped addresses as IPv4 and IPv6 compressed', () => {
    expect(['::ffff:127.0.0.1', '::FFFF:7f00:1', '127.0.0.1'].map(canonicalIp)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(canonicalIp('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80::1%eth0');
  });
});
