import { describe, expect, it } from 'vitest';
import { initialState, reduce, type LiveInput, type LiveState } from '../src/lib/live/reducer.js';
import { centreLevels, centreSilence, feedFreshness, freshness, levelOf, openIncidents, resyncDue, silentCentres, silentTooLong, worstLevel } from '../src/lib/live/selectors.js';
import { incident, metrics, topology } from './fixtures.js';

const rx = (message: unknown, at: number): LiveInput => ({ kind: 'received', at, message });
const run = (inputs: LiveInput[], from: LiveState = initialState): LiveState => inputs.reduce(reduce, from);
const snap = { type: 'snapshot', seq: 1, asOf: 0, scopes: { all: metrics('all') }, topology };
/** Live since t=10 s: opened at 9 s, snapshot at 10 s. */
const live = run([{ kind: 'connecting', at: 8_000 }, { kind: 'open', at: 9_000 }, rx(snap, 10_000)]);

describe('freshness', () => {
  it.each([
    { name: 'never connected', state: initialState, now: 0, kind: 'connecting', label: 'CONNECTING', ageSec: null },
    { name: 'open, waiting for the first snapshot', state: run([{ kind: 'connecting', at: 0 }, { kind: 'open', at: 1 }]), now: 2, kind: 'nodata', label: 'WAITING FOR DATA', ageSec: null },
    { name: 'live, just refreshed', state: live, now: 11_000, kind: 'live', label: 'LIVE', ageSec: 1 },
    { name: 'live at 11.9 s of silence (the server pings every 10 s)', state: live, now: 21_900, kind: 'live', label: 'LIVE', ageSec: 12 },
    { name: 'stale at 12 s of silence', state: live, now: 22_000, kind: 'stale', label: 'STALE — data 12 s old', ageSec: 12 },
    { name: 'a ping keeps it live, the data age still shows', state: run([rx({ type: 'ping', seq: 2 }, 20_000)], live), now: 25_000, kind: 'live', label: 'LIVE', ageSec: 15 },
    { name: 'a ping saying the pipeline stalled: the figures are frozen, not quiet', state: run([rx({ type: 'ping', seq: 2, stalled: true }, 20_000)], live), now: 20_500, kind: 'stale', label: 'NOT UPDATING — data 11 s old', ageSec: 11 },
    { name: 'the next delta: live again', state: run([rx({ type: 'ping', seq: 2, stalled: true }, 20_000), rx({ type: 'delta', seq: 3, asOf: 1, scopes: {} }, 21_000)], live), now: 22_000, kind: 'live', label: 'LIVE', ageSec: 1 },
    { name: 'or the next ping that does not say it', state: run([rx({ type: 'ping', seq: 2, stalled: true }, 20_000), rx({ type: 'ping', seq: 3 }, 30_000)], live), now: 30_500, kind: 'live', label: 'LIVE', ageSec: 21 },
    {
      name: 'disconnected says so at once, with the age',
      state: run([{ kind: 'closed', at: 12_000, code: 1001, reason: '' }], live),
      now: 12_000,
      kind: 'disconnected',
      label: 'DISCONNECTED — data 2 s old',
      ageSec: 2,
    },
    {
      name: 'reconnecting after having data is still "disconnected"',
      state: run([{ kind: 'closed', at: 12_000, code: 1006, reason: '' }, { kind: 'connecting', at: 13_000 }], live),
      now: 22_000,
      kind: 'disconnected',
      label: 'DISCONNECTED — data 12 s old',
      ageSec: 12,
    },
    {
      name: 'reopened but no snapshot yet',
      state: run([{ kind: 'closed', at: 12_000, code: 1006, reason: '' }, { kind: 'connecting', at: 13_000 }, { kind: 'open', at: 13_500 }], live),
      now: 14_000,
      kind: 'stale',
      label: 'RESYNCING — data 4 s old',
      ageSec: 4,
    },
    {
      name: 'a sequence gap is not live',
      state: run([rx({ type: 'delta', seq: 7, asOf: 0, scopes: {} }, 11_000)], live),
      now: 11_500,
      kind: 'stale',
      label: 'RESYNCING — data 2 s old',
      ageSec: 2,
    },
    {
      name: 'repeated failures before any data count the attempts',
      state: run([{ kind: 'connecting', at: 0 }, { kind: 'closed', at: 1, code: 1006, reason: '' }, { kind: 'connecting', at: 2 }]),
      now: 3,
      kind: 'connecting',
      label: 'CONNECTING — attempt 2',
      ageSec: null,
    },
  ])('$name', ({ state, now, kind, label, ageSec }) => {
    expect(freshness(state, now)).toEqual({ kind, label, ageSec });
  });
});

describe('resyncDue', () => {
  const gap = run([rx({ type: 'delta', seq: 9, asOf: 0, scopes: {} }, 11_000)], live);
  const asked = reduce(gap, { kind: 'resyncRequested', at: 11_000 });
  it.each([
    { name: 'in step', state: live, now: 11_000, due: false },
    { name: 'gap seen', state: gap, now: 11_000, due: true },
    { name: 'asked, waiting', state: asked, now: 15_999, due: false },
    { name: 'asked, unanswered for 5 s: ask again', state: asked, now: 16_000, due: true },
    { name: 'closed', state: reduce(gap, { kind: 'closed', at: 12_000, code: 1006, reason: '' }), now: 12_000, due: false },
  ])('$name → $due', ({ state, now, due }) => {
    expect(resyncDue(state, now)).toBe(due);
  });
});

describe('silentTooLong', () => {
  it.each([
    { now: 34_999, silent: false },
    { now: 35_000, silent: true },
  ])('at $now → $silent', ({ now, silent }) => {
    expect(silentTooLong(live, now, 9_000)).toBe(silent);
  });
  it('counts from the opening when nothing was ever heard', () => {
    const opened = run([{ kind: 'connecting', at: 0 }, { kind: 'open', at: 1_000 }]);
    expect(silentTooLong(opened, 25_999, 1_000)).toBe(false);
    expect(silentTooLong(opened, 26_000, 1_000)).toBe(true);
  });
});

describe('levels and incidents', () => {
  const s = run(
    [
      rx({ type: 'levels', levels: { 'centre:hz': 'yellow', 'queue:hz/voice': 'orange', 'media:wh/chat': 'yellow', 'media:voice': 'red' } }, 11_000),
      rx(
        {
          type: 'incidents',
          incidents: [
            incident({ id: 'a', level: 'yellow', openedAt: 1 }),
            incident({ id: 'c', level: 'orange', openedAt: 3, acknowledged: { by: 'd', at: 4, reason: 'on it' } }),
            incident({ id: 'd', level: 'orange', openedAt: 4 }),
            incident({ id: 'e', centre: 'all', level: 'black', openedAt: 5, type: 'equipment_failure' }),
            incident({ id: 'f', centre: 'wh', level: 'red', openedAt: 6, type: 'fire' }),
          ],
        },
        11_000,
      ),
    ],
    live,
  );
  it('levelOf defaults to normal', () => {
    expect(levelOf(s, 'centre:hz')).toBe('yellow');
    expect(levelOf(s, 'centre:sh')).toBe('normal');
  });
  it('centreLevels: the highest of each centre\'s scopes and incidents; network-wide ones under `all`; centres at normal absent', () => {
    // hz: a queue (orange) above its centre scope (yellow); wh: a declared fire (red) above its scopes (yellow).
    expect(centreLevels(s)).toEqual({ hz: 'orange', wh: 'red', all: 'black' });
  });
  it('worstLevel: the most severe of every scope and incident, a centre’s included; normal when none', () => {
    expect(worstLevel(s)).toBe('black');
    expect(worstLevel({ ...s, incidents: s.incidents.filter((i) => i.id !== 'e') })).toBe('red');
    expect(worstLevel({ ...s, incidents: [], levels: { 'centre:hz': 'yellow' } })).toBe('yellow');
    expect(worstLevel({ ...s, incidents: [], levels: {} })).toBe('normal');
  });
  it('open incidents: highest level first, the oldest first among equals', () => {
    expect(openIncidents(s).map((i) => i.id)).toEqual(['e', 'f', 'c', 'd', 'a']);
  });
});

describe('silent feeds', () => {
  // The server's clock runs 1,000 s ahead of this client's: silence is reckoned on the server's.
  const SERVER = 1_000_000;
  const fresh = (lastEventAt: number | null, stale: boolean) => ({ lastEventAt, silentSec: null, stale });
  const feed = (hz: ReturnType<typeof fresh> & { sources?: Record<string, ReturnType<typeof fresh>> }, wh = { ...fresh(SERVER - 1_000, false), sources: {} }) => ({
    type: 'snapshot',
    seq: 1,
    asOf: SERVER,
    scopes: { 'centre:hz': metrics('centre:hz', { freshness: { sources: {}, ...hz } }), 'centre:wh': metrics('centre:wh', { freshness: wh }) },
    topology,
  });
  const at = (snapshot: unknown) => run([{ kind: 'connecting', at: 8_000 }, { kind: 'open', at: 9_000 }, rx(snapshot, 10_000)]);

  const allQuiet = at(feed({ ...fresh(SERVER - 130_000, true), sources: { ingest: fresh(SERVER - 130_000, true) } }));
  const bridgeQuiet = at(feed({ ...fresh(SERVER - 2_000, true), sources: { ivr: fresh(SERVER - 2_000, false), asterisk: fresh(SERVER - 45_000, true) } }));
  const neverHeard = at(feed({ ...fresh(SERVER - 2_000, true), sources: { ivr: fresh(SERVER - 2_000, false), asterisk: fresh(null, true) } }));
  const noData = at(feed(fresh(null, true)));

  it.each([
    { name: 'a live centre is not silent', state: allQuiet, centre: 'wh', now: 10_000, silence: null },
    { name: 'a silent centre, at the push', state: allQuiet, centre: 'hz', now: 10_000, silence: { centre: 'hz', silentSec: 130, label: 'NO DATA FOR 2:10' } },
    { name: 'counting up between pushes', state: allQuiet, centre: 'hz', now: 15_400, silence: { centre: 'hz', silentSec: 135, label: 'NO DATA FOR 2:15' } },
    { name: 'one source silent while another talks: it is named', state: bridgeQuiet, centre: 'hz', now: 10_000, silence: { centre: 'hz', silentSec: 45, label: 'NO DATA FROM asterisk FOR 0:45' } },
    { name: 'an expected source never heard from', state: neverHeard, centre: 'hz', now: 10_000, silence: { centre: 'hz', silentSec: null, label: 'NO DATA FROM asterisk YET' } },
    { name: 'a centre never heard from at all', state: noData, centre: 'hz', now: 10_000, silence: { centre: 'hz', silentSec: null, label: 'NO DATA YET' } },
    { name: 'a centre without figures yet is not called silent', state: live, centre: 'hz', now: 11_000, silence: null },
  ])('centreSilence: $name', ({ state, centre, now, silence }) => {
    expect(centreSilence(state, centre, now)).toEqual(silence);
  });

  it('a delta with the feed back ends the silence', () => {
    const back = run([rx({ type: 'delta', seq: 2, asOf: SERVER + 5_000, scopes: { 'centre:hz': metrics('centre:hz', { freshness: { ...fresh(SERVER + 4_000, false), sources: {} } }) } }, 15_000)], allQuiet);
    expect(centreSilence(back, 'hz', 15_000)).toBeNull();
    expect(feedFreshness(back, 15_000).kind).toBe('live');
  });

  it('silentCentres lists the stale ones in topology order', () => {
    const both = at(feed({ ...fresh(SERVER - 70_000, true), sources: {} }, { ...fresh(SERVER - 61_000, true), sources: {} }));
    expect(silentCentres(both, 10_000).map((s) => s.centre)).toEqual(['hz', 'wh']);
    expect(silentCentres(at(feed({ ...fresh(SERVER, false) })), 10_000)).toEqual([]);
  });

  it.each([
    { name: 'every feed live: LIVE', state: at(feed({ ...fresh(SERVER - 1_000, false) })), now: 11_000, expected: { kind: 'live', label: 'LIVE', ageSec: 1 } },
    { name: 'a silent centre: not LIVE, and which', state: allQuiet, now: 11_000, expected: { kind: 'silent', label: 'NO DATA — Hangzhou 2:11', ageSec: 1 } },
    { name: 'never heard from: named without a time', state: noData, now: 11_000, expected: { kind: 'silent', label: 'NO DATA — Hangzhou', ageSec: 1 } },
    {
      name: 'several silent centres: how many (each tile says its own)',
      state: at(feed({ ...fresh(SERVER - 70_000, true), sources: {} }, { ...fresh(SERVER - 61_000, true), sources: {} })),
      now: 11_000,
      expected: { kind: 'silent', label: 'NO DATA — 2 centres', ageSec: 1 },
    },
    { name: 'several never heard from: how many', state: at(feed(fresh(null, true), { ...fresh(null, true), sources: {} })), now: 11_000, expected: { kind: 'silent', label: 'NO DATA — 2 centres', ageSec: 1 } },
    {
      name: 'a lost connection says so first',
      state: run([{ kind: 'closed', at: 12_000, code: 1006, reason: '' }], allQuiet),
      now: 12_000,
      expected: { kind: 'disconnected', label: 'DISCONNECTED — data 2 s old', ageSec: 2 },
    },
  ])('feedFreshness: $name', ({ state, now, expected }) => {
    expect(feedFreshness(state, now)).toEqual(expected);
  });
});
