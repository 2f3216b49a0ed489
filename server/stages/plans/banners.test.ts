/** Banners per incident: each incident shows the banner of its highest recorded level its level still reaches. */
import { describe, expect, it } from 'vitest';
import type { Level } from '../rules/index.js';
import { bannersInForce, type BannerEntry } from './banners.js';

const entry = (incidentId: string, level: BannerEntry['level'], text: string, since = 1): BannerEntry => ({ step: `${incidentId}:${level}:p:0`, incidentId, centre: incidentId === 'FIRE' ? 'wuhan' : 'hangzhou', level, text, since });
const incident = (id: string, level: Level, state: 'open' | 'resolved' = 'open', openedAt = 0) => ({ id, level, state, openedAt });

describe('bannersInForce', () => {
  const fire = [entry('FIRE', 'red', 'RED: fire at Wuhan'), entry('FIRE', 'black', 'BLACK: evacuate Wuhan')];

  it('shows the banner of the highest level recorded', () => {
    expect(bannersInForce(fire, [incident('FIRE', 'black')]).map((b) => b.text)).toEqual(['BLACK: evacuate Wuhan']);
  });

  it('shows red’s banner again once black is left, even before black’s entry is removed', () => {
    expect(bannersInForce(fire, [incident('FIRE', 'red')]).map((b) => b.text)).toEqual(['RED: fire at Wuhan']);
    expect(bannersInForce(fire.slice(0, 1), [incident('FIRE', 'red')]).map((b) => b.text)).toEqual(['RED: fire at Wuhan']);
  });

  it('shows nothing for an incident below every recorded level, or resolved, or unknown', () => {
    expect(bannersInForce(fire, [incident('FIRE', 'orange')])).toEqual([]);
    expect(bannersInForce(fire, [incident('FIRE', 'black', 'resolved')])).toEqual([]);
    expect(bannersInForce(fire, [])).toEqual([]);
  });

  it('keeps each incident’s banner apart: resolving one leaves the other’s', () => {
    const both = [...fire, entry('SURGE', 'yellow', 'YELLOW: Hangzhou busy')];
    const open = [incident('SURGE', 'yellow', 'open', 5), incident('FIRE', 'black', 'open', 9)];
    expect(bannersInForce(both, open)).toEqual([
      { incidentId: 'FIRE', centre: 'wuhan', level: 'black', text: 'BLACK: evacuate Wuhan', since: 1 },
      { incidentId: 'SURGE', centre: 'hangzhou', level: 'yellow', text: 'YELLOW: Hangzhou busy', since: 1 },
    ]);
    expect(bannersInForce(both, [incident('SURGE', 'yellow'), incident('FIRE', 'black', 'resolved')]).map((b) => b.incidentId)).toEqual(['SURGE']);
  });

  it('lists the most severe first, then the oldest incident; at one level the latest entry wins', () => {
    const entries = [entry('A', 'red', 'A red'), entry('B', 'red', 'B red'), entry('C', 'black', 'C black'), entry('B', 'red', 'B red, later', 2)];
    const open = [incident('A', 'red', 'open', 3), incident('B', 'red', 'open', 1), incident('C', 'black', 'open', 7)];
    expect(bannersInForce(entries, open).map((b) => b.text)).toEqual(['C black', 'B red, later', 'A red']);
  });
});
