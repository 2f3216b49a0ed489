/** chooseReroute: where traffic goes — centres with spare capacity at the lowest level, by margin. */
import { describe, expect, it } from 'vitest';
import type { Level } from '../rules/index.js';
import { chooseReroute, levelsInForce, type RerouteSpec } from './index.js';
import { demoConfig, metricsOf } from './testing.js';
import { note, type Note } from '../../platform/i18n/note.js';

const config = demoConfig();
const voice: RerouteSpec = { queue: 'voice', share: 0.3, expiresAfterSec: 7200 };
const gaps = (shanghai: number | null, wuhan: number | null, scope = (c: string) => `queue:${c}/voice`) =>
  metricsOf({ [scope('shanghai')]: { staffingGap: shanghai }, [scope('wuhan')]: { staffingGap: wuhan }, [scope('hangzhou')]: { staffingGap: 9 } });

describe('chooseReroute', () => {
  it.each<[string, RerouteSpec, ReturnType<typeof gaps>, Record<string, Level>, { centre: string; share: number }[]]>([
    ['splits the share by spare capacity', voice, gaps(-6, -3), {}, [{ centre: 'shanghai', share: 0.2 }, { centre: 'wuhan', share: 0.1 }]],
    ['prefers the centres at the lowest level', voice, gaps(-6, -3), { 'queue:shanghai/chat': 'yellow' }, [{ centre: 'wuhan', share: 0.3 }]],
    ['takes every centre at that level', voice, gaps(-6, -3), { 'centre:shanghai': 'yellow', 'media:wuhan/chat': 'yellow' }, [{ centre: 'shanghai', share: 0.2 }, { centre: 'wuhan', share: 0.1 }]],
    ['passes over a centre without spare capacity, whatever its level', voice, gaps(2, -3), { 'centre:wuhan': 'orange' }, [{ centre: 'wuhan', share: 0.3 }]],
    ['ignores network-wide scopes when judging a centre', voice, gaps(-6, -3), { all: 'red', 'media:voice': 'red' }, [{ centre: 'shanghai', share: 0.2 }, { centre: 'wuhan', share: 0.1 }]],
    ['keeps the parts adding up to the share, to 0.1 %', { ...voice, share: 0.1 }, gaps(-2, -1), {}, [{ centre: 'shanghai', share: 0.067 }, { centre: 'wuhan', share: 0.033 }]],
    ['leaves out a centre whose part rounds to nothing', { ...voice, share: 0.001 }, gaps(-5, -1), {}, [{ centre: 'shanghai', share: 0.001 }]],
    ['reads the media roll-up for a media', { media: 'chat', share: 0.5, expiresAfterSec: null }, gaps(-1, -4, (c) => `media:${c}/chat`), {}, [{ centre: 'shanghai', share: 0.1 }, { centre: 'wuhan', share: 0.4 }]],
  ])('%s', (_, spec, metrics, levels, to) => {
    expect(chooseReroute(spec, 'hangzhou', metrics, levels, config).to).toEqual(to);
  });

  it('passes over a centre an open incident holds above normal, though its figures raise no rule (a declared emergency)', () => {
    const declared = [{ centre: 'shanghai', state: 'open' as const, level: 'orange' as const }];
    const resolved = [{ centre: 'shanghai', state: 'resolved' as const, level: 'orange' as const }];
    expect(levelsInForce({ 'queue:wuhan/chat': 'yellow' }, declared)).toEqual({ 'queue:wuhan/chat': 'yellow', 'centre:shanghai': 'orange' });
    // A rule's higher level stands; a network-wide incident holds `all`, which judges no centre.
    expect(levelsInForce({ 'centre:shanghai': 'red' }, [...declared, { centre: 'all', state: 'open', level: 'black' }])).toEqual({ 'centre:shanghai': 'red', all: 'black' });
    expect(chooseReroute(voice, 'hangzhou', gaps(-6, -3), levelsInForce({}, declared), config)).toMatchObject({ to: [{ centre: 'wuhan', share: 0.3 }], reason: expect.stringMatching(/passed over shanghai: gap -6 at orange$/) });
    expect(chooseReroute(voice, 'hangzhou', gaps(-6, -3), levelsInForce({}, resolved), config).to).toEqual([{ centre: 'shanghai', share: 0.2 }, { centre: 'wuhan', share: 0.1 }]);
  });

  it('explains its choice, in English and as a note', () => {
    const passing = chooseReroute(voice, 'hangzhou', gaps(-6, -3), { 'queue:wuhan/voice': 'yellow' }, config);
    expect(passing.reason).toBe('30% of hangzhou queue voice to shanghai 30% (6 agents spare), at normal; passed over wuhan: gap -3 at yellow');
    expect(passing.note).toEqual(
      note('reroute.moved', { share: 0.3, from: 'hangzhou', queue: 'voice', level: 'normal', toCentre1: 'shanghai', toShare1: 0.3, toSpare1: 6, passedCentre1: 'wuhan', passedGap1: -3, passedLevel1: 'yellow' }),
    );
    const split = chooseReroute(voice, 'hangzhou', gaps(-6, -3), {}, config);
    expect(split.reason).toBe('30% of hangzhou queue voice to shanghai 20% (6 agents spare), wuhan 10% (3 agents spare), at normal');
    expect(split.note).toEqual(
      note('reroute.moved', { share: 0.3, from: 'hangzhou', queue: 'voice', level: 'normal', toCentre1: 'shanghai', toShare1: 0.2, toSpare1: 6, toCentre2: 'wuhan', toShare2: 0.1, toSpare2: 3 }),
    );
  });

  const others = { from: 'hangzhou', queue: 'voice', otherCentre1: 'shanghai', otherLevel1: 'normal', otherCentre2: 'wuhan', otherLevel2: 'normal' };
  it.each<[string, RerouteSpec, string, ReturnType<typeof gaps>, string, Note]>([
    ['no centre has spare capacity', voice, 'hangzhou', gaps(2, null), 'no spare capacity for queue voice outside hangzhou (shanghai: gap +2 at normal; wuhan: no figures at normal)', note('reroute.noSpare', { ...others, otherGap1: 2 })],
    ['a zero gap is no spare capacity', voice, 'hangzhou', gaps(0, 0), 'no spare capacity for queue voice outside hangzhou (shanghai: gap 0 at normal; wuhan: gap 0 at normal)', note('reroute.noSpare', { ...others, otherGap1: 0, otherGap2: 0 })],
    ['no other centre serves the queue', { ...voice, queue: 'voice-vip' }, 'hangzhou', gaps(-6, -3), 'no centre but hangzhou serves queue voice-vip', note('reroute.noOtherCentre', { from: 'hangzhou', queue: 'voice-vip' })],
    ['the incident is network-wide', voice, 'all', gaps(-6, -3), 'a network-wide incident has no centre to move queue voice from', note('reroute.networkWide', { queue: 'voice' })],
  ])('finds no target when %s', (_, spec, from, metrics, reason, why) => {
    expect(chooseReroute(spec, from, metrics, {}, config)).toEqual({ to: [], reason, note: why });
  });
});
