import { describe, expect, it } from 'vitest';
import { longWaitLimitSec, longWaits } from '../src/lib/alerts.js';
import { liveLongestWait } from '../src/lib/figures.js';
import { ALL, centreScope, mediaScope, parseScope, queueScope } from '../src/lib/scopes.js';
import { DISPLAY_TOKEN_KEY, displayToken, liveUrl, readStored, reportFor, reportHash, screenFor } from '../src/lib/route.js';
import { metrics, topology } from './fixtures.js';

const hz = topology.centres[0]!;

describe('scopes', () => {
  it('builds ids', () => {
    expect([ALL, centreScope('hz'), queueScope('hz', 'voice'), mediaScope('voice'), mediaScope('voice', 'hz')]).toEqual([
      'all',
      'centre:hz',
      'queue:hz/voice',
      'media:voice',
      'media:hz/voice',
    ]);
  });
  it.each([
    ['all', { kind: 'all' }],
    ['centre:hz', { kind: 'centre', centre: 'hz' }],
    ['queue:hz/voice-vip', { kind: 'queue', centre: 'hz', queue: 'voice-vip' }],
    ['media:chat', { kind: 'media', media: 'chat' }],
    ['media:hz/chat', { kind: 'media', centre: 'hz', media: 'chat' }],
    ['queue:hz', null],
    ['queue:/voice', null],
    ['centre:', null],
    ['centre:a/b', null],
    ['planet:mars', null],
    ['nonsense', null],
  ])('parseScope(%s)', (id, ref) => expect(parseScope(id)).toEqual(ref));
});

describe('long waits (the flashing tile)', () => {
  it.each([
    ['voice', 60],
    ['chat', 120],
    ['email', 3600],
  ])('limit for %s is %s s', (media, limit) => {
    expect(longWaitLimitSec(hz.queues.find((q) => q.media === media)!)).toBe(limit);
  });

  it.each([
    { name: 'all within limits', waits: { voice: 60, chat: 100, email: 3000 }, over: [] },
    { name: 'voice just over 3× its 20 s', waits: { voice: 61, chat: 10, email: 10 }, over: ['voice'] },
    { name: 'worst ratio first', waits: { voice: 70, chat: 300, email: 3601 }, over: ['chat', 'voice', 'email'] },
  ])('$name', ({ waits, over }) => {
    const scopes = Object.fromEntries(
      Object.entries(waits).map(([q, sec]) => [queueScope('hz', q), metrics(queueScope('hz', q), { longestWaitSec: sec })]),
    );
    expect(longWaits(hz, scopes).map((w) => w.queue.id)).toEqual(over);
  });

  it('a queue without figures does not flash', () => {
    expect(longWaits(hz, {})).toEqual([]);
  });
});

describe('liveLongestWait', () => {
  const scopes = {
    'media:hz/voice': metrics('media:hz/voice', { longestWaitSec: 40 }),
    'media:hz/chat': metrics('media:hz/chat', { longestWaitSec: 90 }),
    'media:hz/email': metrics('media:hz/email', { longestWaitSec: 5000 }),
    'media:voice': metrics('media:voice', { longestWaitSec: 45 }),
    'media:chat': metrics('media:chat', { longestWaitSec: 30 }),
    'media:email': metrics('media:email', { longestWaitSec: 9000 }),
  };
  it('ignores e-mail, whose waits are long by nature', () => {
    expect(liveLongestWait(topology.centres, scopes, 'hz')).toEqual({ media: 'chat', sec: 90 });
  });
  it('across centres uses the all-centre media scopes', () => {
    expect(liveLongestWait(topology.centres, scopes)).toEqual({ media: 'voice', sec: 45 });
  });
  it('null with no figures', () => {
    expect(liveLongestWait(topology.centres, {}, 'hz')).toBeNull();
  });
});

describe('route', () => {
  it.each([
    ['/wall', 'wall'],
    ['/wall/', 'wall'],
    ['/control', 'control'],
    ['/control/incidents/7', 'control'],
    ['/controller', 'wall'],
    ['/reports', 'reports'],
    ['/reportsx', 'wall'],
    ['/', 'wall'],
  ])('%s shows the %s screen', (path, screen) => expect(screenFor(path)).toBe(screen));

  it.each([
    ['#report/20251124-0003', '20251124-0003'],
    [reportHash('a/b c'), 'a/b c'],
    ['#report/', null],
    ['#audit', null],
    ['', null],
  ])('report address %s → %s', (hash, id) => expect(reportFor(hash)).toBe(id));

  const memory = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  };
  it('takes the token from the URL and remembers it', () => {
    const s = memory();
    expect(displayToken('?token=demo-display-token', s)).toBe('demo-display-token');
    expect(s.m.get(DISPLAY_TOKEN_KEY)).toBe('demo-display-token');
    expect(displayToken('', s)).toBe('demo-display-token');
  });
  it('null when neither the URL nor storage has one; storage failures are tolerated', () => {
    expect(displayToken('?token=', memory())).toBeNull();
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(displayToken('?token=abc', broken)).toBe('abc');
    expect(readStored(broken, 'k')).toBeNull();
    expect(displayToken('', null)).toBeNull();
  });
  it.each([
    [{ protocol: 'http:', host: 'wall.local:8080', pathname: '/wall', search: '?hall=east' }, 'ws://wall.local:8080/v2/live?token=a%2Fb&hall=east'],
    [{ protocol: 'http:', host: 'wall.local:8080', pathname: '/wall', search: '' }, 'ws://wall.local:8080/v2/live?token=a%2Fb&hall='],
    [{ protocol: 'https:', host: 'surge.example.com', pathname: '/control', search: '?hall=east' }, 'wss://surge.example.com/v2/live?token=a%2Fb'],
  ])('liveUrl %o', (loc, url) => {
    expect(liveUrl(loc, 'a/b', false)).toBe(url);
    expect(liveUrl(loc, 'a/b', true)).toBe(`${url}&encoding=deflate`);
    expect(liveUrl(loc, 'a/b')).toBe(`${url}&encoding=deflate`); // Node 20 has DecompressionStream, as browsers do
  });
});
