/** chooseSeats: how many standby people to call in, and who. */
import { describe, expect, it } from 'vitest';
import { chooseSeats, rosterContacts, type SeatsSpec } from './index.js';
import { demoConfig, metricsOf, surgeMetrics } from './testing.js';
import { note } from '../../platform/i18n/note.js';

const config = demoConfig();
const home = rosterContacts(config, 'hangzhou', 'home');
const backup = rosterContacts(config, 'hangzhou', 'backup');
const phoneIm = rosterContacts(config, 'hangzhou', 'phone_im');
const spec = (fields: Partial<SeatsSpec>): SeatsSpec => ({ seatType: 'home', count: 'auto', max: null, template: 'seat-callout', ...fields });
const ids = (people: { id: string }[]) => people.map((p) => p.id);

// A roster larger than the demo's, for the Erlang C sizes.
/** The surge's gaps at Hangzhou as a note's numbered parameters. */
const SURGE_GAPS = { gapQueue1: 'voice', gap1: 6, gapQueue2: 'voice-vip', gap2: 2, gapQueue3: 'chat', gap3: 3, gapQueue4: 'email', gap4: 4 };
const big = Array.from({ length: 20 }, (_, i) => ({ id: `p${i + 1}`, name: `Person ${i + 1}`, phone: `+86138000009${String(i).padStart(2, '0')}` }));

describe('chooseSeats', () => {
  it('sizes auto from the Erlang C gap of every queue a home seat serves', () => {
    // voice +6, voice-vip +2, chat +3, email +4: Shanghai's shortfall is not Hangzhou's.
    const choice = chooseSeats(spec({}), 'hangzhou', surgeMetrics(), big, []);
    expect(choice.count).toBe(15);
    expect(ids(choice.people)).toEqual(ids(big.slice(0, 15)));
    expect(choice.reason).toBe('auto: Erlang C gap 15 at hangzhou (voice +6, voice-vip +2, chat +3, email +4) → 15 home seats');
    expect(choice.note).toEqual(note('seats.chosen', { centre: 'hangzhou', seatType: 'home', autoGap: 15, ...SURGE_GAPS, count: 15 }));
  });

  it('leaves out the queues a seat type cannot serve: phone/IM seats take no email', () => {
    const choice = chooseSeats(spec({ seatType: 'phone_im' }), 'hangzhou', surgeMetrics(), big, []);
    expect(choice.count).toBe(11);
    expect(choice.reason).toBe('auto: Erlang C gap 11 at hangzhou (voice +6, voice-vip +2, chat +3) → 11 phone_im seats');
  });

  it('counts only shortfalls: spare agents on one queue do not cover another', () => {
    const metrics = metricsOf({ 'queue:hangzhou/voice': { staffingGap: 3 }, 'queue:hangzhou/chat': { staffingGap: -5 } });
    expect(chooseSeats(spec({}), 'hangzhou', metrics, big, [])).toMatchObject({ count: 3, reason: 'auto: Erlang C gap 3 at hangzhou (voice +3, chat -5) → 3 home seats' });
  });

  // The last column: the note's parameters besides centre, seat type and count.
  it.each([
    ['caps auto at max', spec({ max: 4 }), big, [], 4, 'auto: Erlang C gap 15 at hangzhou (voice +6, voice-vip +2, chat +3, email +4); capped at max 4 → 4 home seats', { autoGap: 15, ...SURGE_GAPS, max: 4 }],
    ['caps at the roster', spec({}), home, [], 4, 'auto: Erlang C gap 15 at hangzhou (voice +6, voice-vip +2, chat +3, email +4); only 4 of 4 on the hangzhou home roster left → 4 home seats', { autoGap: 15, ...SURGE_GAPS, roster: 4, left: 4, busy: 0 }],
    ['takes a fixed count', spec({ seatType: 'backup', count: 2 }), backup, [], 2, '2 asked for → 2 backup seats', { asked: 2 }],
    ['caps a fixed count at the roster', spec({ seatType: 'backup', count: 5 }), backup, [], 3, '5 asked for; only 3 of 3 on the hangzhou backup roster left → 3 backup seats', { asked: 5, roster: 3, left: 3, busy: 0 }],
    ['skips people already active', spec({ seatType: 'phone_im', count: 2 }), phoneIm, ['he-yan'], 1, '2 asked for; only 1 of 2 on the hangzhou phone_im roster left (1 already active) → 1 phone_im seat', { asked: 2, roster: 2, left: 1, busy: 1 }],
    ['says when the roster is empty', spec({ count: 2 }), [], [], 0, '2 asked for; the hangzhou home roster is empty → 0 home seats', { asked: 2, roster: 0, left: 0, busy: 0 }],
  ])('%s', (_, s, roster, active, count, reason, params) => {
    const choice = chooseSeats(s, 'hangzhou', surgeMetrics(), roster, active);
    expect(choice.count).toBe(count);
    expect(choice.people).toHaveLength(count);
    expect(choice.reason).toBe(reason);
    expect(choice.note).toEqual(note('seats.chosen', { centre: 'hangzhou', seatType: s.seatType, count, ...params }));
  });

  it('chooses in roster order, skipping whoever is active already', () => {
    const choice = chooseSeats(spec({ count: 2 }), 'hangzhou', {}, home, ['zhao-lei', 'zhou-ting']);
    expect(ids(choice.people)).toEqual(['sun-li', 'wu-hao']);
  });

  it('activates nobody on auto without live figures, and says so', () => {
    expect(chooseSeats(spec({}), 'wuhan', surgeMetrics(), big, [])).toEqual({
      count: 0,
      people: [],
      reason: "auto: no live staffing figures for wuhan's voice/chat/email/sms/video/social queues → 0 home seats",
      note: note('seats.chosen', { centre: 'wuhan', seatType: 'home', autoNoFigures: 1, count: 0 }),
    });
  });

  it('activates nobody when no queue is short', () => {
    const metrics = metricsOf({ 'queue:hangzhou/voice': { staffingGap: -2 }, 'queue:hangzhou/chat': { staffingGap: 0 } });
    expect(chooseSeats(spec({}), 'hangzhou', metrics, big, [])).toEqual({
      count: 0,
      people: [],
      reason: 'auto: Erlang C gap 0 at hangzhou (voice -2, chat 0) → 0 home seats',
      note: note('seats.chosen', { centre: 'hangzhou', seatType: 'home', autoGap: 0, gapQueue1: 'voice', gap1: -2, gapQueue2: 'chat', gap2: 0, count: 0 }),
    });
  });
});
