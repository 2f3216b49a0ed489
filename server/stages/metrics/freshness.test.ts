/**
 * Freshness in the metrics engine: last event time per centre and per source, staleness after
 * silentAfterSec, the bound on sources, checkpoints, and opening hours in a centre's own zone
 * (the clock is the `now` each snapshot is taken at; no wall clock).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import type { CanonicalEvent } from '../ingest/contract.js';
import { MetricsEngine } from './engine.js';
import { MAX_SOURCES } from './freshness.js';
import { isOpen } from './opening-hours.js';

const configYaml = (extra = '', timezone = 'UTC') => `
centres:
  - id: c1
    timezone: ${timezone}
    silentAfterSec: 30
${extra}
    queues:
      - { id: voice, media: voice }
  - id: c2
    queues:
      - { id: voice, media: voice }
`;
const engineFor = (extra = '', timezone = 'UTC') => new MetricsEngine(parseConfig(configYaml(extra, timezone), 'test.yaml'));

const T = Date.parse('2031-03-07T10:00:00Z'); // a Friday
let n = 0;
const heartbeat = (ts: number, source: string, centre = 'c1'): CanonicalEvent => ({ id: `hb-${n++}`, type: 'source.heartbeat', ts, centre, source });
const queued = (ts: number, centre = 'c1'): CanonicalEvent => ({ id: `q-${n++}`, type: 'contact.queued', ts, centre, contactId: `k${n}`, queue: 'voice', media: 'voice' });

describe('last event times', () => {
  it('are kept per centre and per source, and only move forward', () => {
    const engine = engineFor();
    engine.apply(queued(T)); // no source: counts for `ingest`
    engine.apply(heartbeat(T + 5_000, 'asterisk'));
    engine.apply(heartbeat(T + 2_000, 'asterisk')); // late: does not move the time back
    const m = engine.snapshot(T + 12_000);
    expect(m['centre:c1']!.freshness).toEqual({
      lastEventAt: T + 5_000,
      silentSec: 7,
      stale: false,
      sources: {
        ingest: { lastEventAt: T, silentSec: 12, stale: false },
        asterisk: { lastEventAt: T + 5_000, silentSec: 7, stale: false },
      },
    });
    expect(m['centre:c1']!.sourceSilentSec).toBe(7);
  });

  it('are on the centre’s queue and media scopes too, but not network-wide', () => {
    const engine = engineFor();
    engine.apply(queued(T));
    const m = engine.snapshot(T + 3_000);
    expect(m['queue:c1/voice']!.sourceSilentSec).toBe(3);
    expect(m['media:c1/voice']!.freshness?.lastEventAt).toBe(T);
    expect(m.all!.freshness).toBeUndefined();
    expect(m['media:voice']!.sourceSilentSec).toBeUndefined();
  });

  it('make a centre stale once silent longer than silentAfterSec; a centre never heard from is stale with no silence to count', () => {
    const engine = engineFor();
    engine.apply(queued(T));
    expect(engine.snapshot(T + 30_000)['centre:c1']!.freshness?.stale).toBe(false);
    const later = engine.snapshot(T + 30_001);
    expect(later['centre:c1']!.freshness).toMatchObject({ silentSec: 30, stale: true });
    expect(later['centre:c1']!.freshness?.sources.ingest?.stale).toBe(true);
    // c2 keeps the default (60 s) and has heard nothing at all.
    expect(later['centre:c2']!.freshness).toEqual({ lastEventAt: null, silentSec: null, stale: true, sources: {} });
    expect(later['centre:c2']!.sourceSilentSec).toBeNull();
  });

  it('a configured source has its own silentAfterSec, and its silence makes the centre stale; an unconfigured one does not', () => {
    const engine = engineFor('    sources: { asterisk: { silentAfterSec: 10 }, ivr-bridge: { silentAfterSec: 600 } }');
    engine.apply(heartbeat(T, 'asterisk'));
    engine.apply(heartbeat(T, 'one-off-test'));
    engine.apply(heartbeat(T + 8_000, 'ivr-bridge'));
    const m = engine.snapshot(T + 15_000);
    const f = m['centre:c1']!.freshness!;
    expect(f.sources.asterisk).toEqual({ lastEventAt: T, silentSec: 15, stale: true });
    expect(f.sources['one-off-test']).toEqual({ lastEventAt: T, silentSec: 15, stale: false });
    expect(f.silentSec).toBe(7); // the centre as a whole heard ivr-bridge 7 s ago
    expect(f.stale).toBe(true); // but asterisk, which it expects, fell silent
    expect(m['centre:c1']!.sourceSilentSec).toBe(7);

    const fresh = engineFor('    sources: { asterisk: { silentAfterSec: 10 } }');
    expect(fresh.snapshot(T)['centre:c1']!.freshness?.sources.asterisk).toEqual({ lastEventAt: null, silentSec: null, stale: true });
    fresh.apply(heartbeat(T, 'one-off-test'));
    fresh.apply(heartbeat(T, 'asterisk'));
    expect(fresh.snapshot(T + 1_000)['centre:c1']!.freshness?.stale).toBe(false);
  });

  it(`are kept for at most ${MAX_SOURCES} sources per centre: the longest silent is forgotten`, () => {
    const engine = engineFor();
    for (let i = 0; i < MAX_SOURCES + 3; i++) engine.apply(heartbeat(T + i * 1000, `bridge-${i}`));
    const sources = engine.snapshot(T + 60_000)['centre:c1']!.freshness!.sources;
    expect(Object.keys(sources)).toHaveLength(MAX_SOURCES);
    expect(sources['bridge-0']).toBeUndefined();
    expect(sources['bridge-2']).toBeUndefined();
    expect(sources['bridge-3']?.lastEventAt).toBe(T + 3_000);
    expect(sources[`bridge-${MAX_SOURCES + 2}`]?.lastEventAt).toBe(T + (MAX_SOURCES + 2) * 1000);
  });

  it('survive a checkpoint round trip, and an older checkpoint without sources still restores', () => {
    const engine = engineFor();
    engine.apply(queued(T));
    engine.apply(heartbeat(T + 4_000, 'asterisk'));
    const saved = JSON.parse(JSON.stringify(engine.save('c1')));
    const restored = engineFor();
    restored.restore('c1', saved);
    expect(restored.snapshot(T + 9_000)['centre:c1']).toEqual(engine.snapshot(T + 9_000)['centre:c1']);

    const { sources: _, ...older } = saved;
    const fromOlder = engineFor();
    fromOlder.restore('c1', older);
    expect(fromOlder.snapshot(T + 9_000)['centre:c1']!.freshness).toMatchObject({ lastEventAt: T + 4_000, sources: {} });
  });
});

describe('opening hours', () => {
  it('null sourceSilentSec outside them, while the centre still shows as stale', () => {
    const engine = engineFor('    openingHours: { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00" }');
    engine.apply(queued(Date.parse('2031-03-07T17:58:00Z')));
    const open = engine.snapshot(Date.parse('2031-03-07T17:59:59Z'))['centre:c1']!;
    expect(open.sourceSilentSec).toBe(119);
    expect(open.freshness?.stale).toBe(true);
    const closed = engine.snapshot(Date.parse('2031-03-07T18:00:00Z'))['centre:c1']!;
    expect(closed.sourceSilentSec).toBeNull();
    expect(closed.freshness).toMatchObject({ silentSec: 120, stale: true });
  });

  it('are read in the centre’s own time zone, across the local day boundary', () => {
    const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[], from: '07:00', to: '19:00' };
    // Sunday 23:30 UTC is already Monday 07:30 in Shanghai: open there, not in London.
    const sundayNightUtc = Date.parse('2031-03-09T23:30:00Z');
    expect(isOpen(sundayNightUtc, weekdays, 'Asia/Shanghai')).toBe(true);
    expect(isOpen(sundayNightUtc, weekdays, 'Europe/London')).toBe(false);
    // Friday 16:30 UTC is Saturday 00:30 in Shanghai: closed there, open in New York (11:30 Friday).
    const fridayAfternoonUtc = Date.parse('2031-03-07T16:30:00Z');
    expect(isOpen(fridayAfternoonUtc, weekdays, 'Asia/Shanghai')).toBe(false);
    expect(isOpen(fridayAfternoonUtc, weekdays, 'America/New_York')).toBe(true);
    expect(isOpen(sundayNightUtc, null, 'Asia/Shanghai')).toBe(true);
  });

  it('running past midnight belong to the day they start on', () => {
    const nights = { days: ['fri'] as 'fri'[], from: '22:00', to: '06:00' };
    expect(isOpen(Date.parse('2031-03-07T21:59:00Z'), nights, 'UTC')).toBe(false);
    expect(isOpen(Date.parse('2031-03-07T22:00:00Z'), nights, 'UTC')).toBe(true); // Friday night
    expect(isOpen(Date.parse('2031-03-08T05:59:00Z'), nights, 'UTC')).toBe(true); // Saturday morning, still Friday's
    expect(isOpen(Date.parse('2031-03-08T06:00:00Z'), nights, 'UTC')).toBe(false);
    expect(isOpen(Date.parse('2031-03-08T23:00:00Z'), nights, 'UTC')).toBe(false); // Saturday night is not open
    expect(isOpen(Date.parse('2031-03-07T03:00:00Z'), nights, 'UTC')).toBe(false); // Friday morning belongs to Thursday
  });

  it('in the engine follow the centre’s zone: silence during Shanghai’s night raises nothing', () => {
    const engine = engineFor('    openingHours: { days: [mon, tue, wed, thu, fri], from: "07:00", to: "19:00" }', 'Asia/Shanghai');
    engine.apply(queued(Date.parse('2031-03-09T23:00:00Z')));
    expect(engine.snapshot(Date.parse('2031-03-09T22:59:59Z'))['centre:c1']!.sourceSilentSec).toBeNull(); // Mon 06:59 local
    expect(engine.snapshot(Date.parse('2031-03-09T23:02:00Z'))['centre:c1']!.sourceSilentSec).toBe(120); // Mon 07:02 local
  });
});
