import { describe, expect, it } from 'vitest';
import type { Silence, StaffingRow } from '../src/lib/api/types.js';
import { describeRouting, routedTraffic, routingEnds, shareText } from '../src/lib/routing.js';
import { ALL_CENTRES, expirePath, scopeLabel, SILENCE_DURATIONS, silenceScopes, stillActive } from '../src/lib/silences.js';
import { staffingNames } from '../src/lib/staffing.js';
import { topology } from './fixtures.js';

const centres = topology.centres;

describe('routing in words', () => {
  it.each([
    [0.3, '30%'],
    [0.125, '12.5%'],
    [0.2, '20%'],
    [1, '100%'],
    [0.0004, '0%'],
  ])('shareText(%s) = %s', (share, text) => expect(shareText(share)).toBe(text));

  it.each([
    { change: { from: 'hz', queue: 'voice', to: [{ centre: 'wh', share: 0.2 }, { centre: 'sh', share: 0.1 }] }, text: 'Hangzhou voice → Wuhan 20%, sh 10%' },
    { change: { from: 'wh', media: 'chat', to: [{ centre: 'hz', share: 0.3 }] }, text: 'Wuhan chat → Hangzhou 30%' },
    { change: { from: 'hz', queue: 'voice', to: [] }, text: 'Hangzhou voice: restored' },
    { change: { from: 'hz', to: [{ centre: 'wh', share: 0.5 }] }, text: 'all Hangzhou traffic → Wuhan 50%' },
  ])('$text', ({ change, text }) => expect(describeRouting(change, centres)).toBe(text));

  it('routedTraffic names the queue before the media', () => {
    expect(routedTraffic({ from: 'hz', queue: 'voice-vip', media: 'voice' }, centres)).toBe('Hangzhou voice-vip');
  });

  it('routingEnds: until the level falls, the time left, or expiring now — never a negative time', () => {
    expect(routingEnds({ expiresAt: null }, 5_000)).toBe('until the level falls');
    expect(routingEnds({ expiresAt: 95_000 }, 5_000)).toBe('ends in 1:30');
    expect(routingEnds({ expiresAt: 5_000 }, 5_000)).toBe('expiring now');
    expect(routingEnds({ expiresAt: 1_000 }, 5_000)).toBe('expiring now');
  });
});

describe('silences', () => {
  const silence = (id: string, until: number): Silence => ({ id, scope: ALL_CENTRES, until, reason: 'drill', by: 'dana', createdAt: 0 });

  it('offers every centre, then each one', () => {
    expect(silenceScopes(centres)).toEqual([
      { value: 'centre:*', label: 'All centres' },
      { value: 'centre:hz', label: 'Hangzhou' },
      { value: 'centre:wh', label: 'Wuhan' },
    ]);
  });

  it('presets of 15 min, 1 h and 4 h', () => expect(SILENCE_DURATIONS.map((d) => d.sec)).toEqual([900, 3600, 14400]));

  it.each([
    ['centre:*', 'All centres'],
    ['centre:wh', 'Wuhan'],
    ['centre:atlantis', 'centre:atlantis'],
    ['queue:hz/*', 'queue:hz/*'],
  ])('scopeLabel(%s) = %s', (scope, label) => expect(scopeLabel(scope, centres)).toBe(label));

  it('stillActive drops the ended ones and lists the one ending first first', () => {
    expect(stillActive([silence('late', 300), silence('over', 100), silence('soon', 200)], 100).map((s) => s.id)).toEqual(['soon', 'late']);
  });

  it('encodes the id in the expire path', () => expect(expirePath('a/b')).toBe('/v1/silences/a%2Fb/expire'));
});

describe('staffing names', () => {
  const row = (centre: string, queue: string) => ({ centre, queue }) as Pick<StaffingRow, 'centre' | 'queue'>;
  it.each([
    [row('hz', 'chat'), { centre: 'Hangzhou', queue: 'Hangzhou chat' }],
    [row('hz', 'fax'), { centre: 'Hangzhou', queue: 'fax' }],
    [row('xx', 'voice'), { centre: 'xx', queue: 'voice' }],
  ])('%o', (r, names) => expect(staffingNames(r, centres)).toEqual(names));
});
