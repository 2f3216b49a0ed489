import { describe, expect, it } from 'vitest';
import { addSample, mergeHistory, sampleScope, tracksTrend, TREND_WINDOW_MS } from '../src/lib/live/trends.js';
import { parseHistory, fetchHistory } from '../src/lib/live/history.js';
import { createApi } from '../src/lib/api/client.js';
import { metrics } from './fixtures.js';

describe('addSample', () => {
  it('keeps one point per 10 s bucket, the latest value', () => {
    let s = addSample([], 0, 1);
    s = addSample(s, 4_000, 2);
    s = addSample(s, 9_999, 3);
    s = addSample(s, 10_000, 4);
    expect(s).toEqual([
      { t: 9_999, v: 3 },
      { t: 10_000, v: 4 },
    ]);
  });
  it('drops points older than the hour', () => {
    const s = addSample([{ t: 0, v: 1 }, { t: 20_000, v: 2 }], TREND_WINDOW_MS + 10_000, 3);
    expect(s.map((p) => p.t)).toEqual([20_000, TREND_WINDOW_MS + 10_000]);
  });
  it('ignores a sample older than the last one', () => {
    const s = [{ t: 20_000, v: 2 }];
    expect(addSample(s, 10_000, 1)).toBe(s);
  });
  it('keeps unknown values as gaps', () => {
    expect(addSample([], 0, null)).toEqual([{ t: 0, v: null }]);
  });
});

describe('sampleScope and tracksTrend', () => {
  it('samples every trend metric', () => {
    const s = sampleScope(undefined, metrics('centre:hz', { waiting: 7 }), 1_000);
    expect(Object.keys(s).sort()).toEqual(['abandonRate', 'agents.available', 'longestWaitSec', 'serviceLevel', 'waiting']);
    expect(s.waiting).toEqual([{ t: 1_000, v: 7 }]);
    expect(s.serviceLevel).toEqual([{ t: 1_000, v: 0.82 }]);
  });
  it.each([
    ['all', true],
    ['centre:hz', true],
    ['queue:hz/voice', false],
    ['media:voice', false],
    ['media:hz/voice', false],
  ])('%s → %s', (scope, yes) => expect(tracksTrend(scope)).toBe(yes));
});

describe('mergeHistory', () => {
  const now = TREND_WINDOW_MS + 100_000;
  it('lays history under the live points and trims it to the hour', () => {
    const live = [{ t: now - 5_000, v: 9 }];
    const merged = mergeHistory(live, [{ t: 0, v: 0 }, { t: now - 120_000, v: 2 }, { t: now - 60_000, v: 3 }, { t: now - 1_000, v: 99 }], now);
    expect(merged).toEqual([{ t: now - 120_000, v: 2 }, { t: now - 60_000, v: 3 }, { t: now - 5_000, v: 9 }]);
  });
  it('returns the same series when history adds nothing', () => {
    const live = [{ t: now, v: 1 }];
    expect(mergeHistory(live, [], now)).toBe(live);
  });
});

describe('parseHistory', () => {
  it.each([
    { name: 'pairs in {points}, sorted', body: { scope: 'all', metric: 'waiting', points: [[2, 5], [1, 4]] }, out: [{ t: 1, v: 4 }, { t: 2, v: 5 }] },
    { name: 'null values are gaps', body: { points: [[1, null]] }, out: [{ t: 1, v: null }] },
    { name: 'junk is skipped', body: { points: [['x', 1], null, 'y', { t: 3, v: 3 }] }, out: [] },
    { name: 'not a list', body: { error: 'nope' }, out: [] },
  ])('$name', ({ body, out }) => expect(parseHistory(body)).toEqual(out));
});

describe('fetchHistory', () => {
  it('asks with scope, metric, range and the token', async () => {
    let seen: { url: string; auth: string | null } | null = null;
    const f = (async (url: string, init: RequestInit) => {
      seen = { url, auth: new Headers(init.headers).get('authorization') };
      return new Response(JSON.stringify({ points: [[1, 2]] }));
    }) as unknown as typeof fetch;
    expect(await fetchHistory(createApi('tok', f), 'centre:hz', 'waiting', 10, 20)).toEqual({ ok: true, status: 200, body: [{ t: 1, v: 2 }] });
    expect(seen).toEqual({ url: '/v1/history?scope=centre%3Ahz&metric=waiting&from=10&to=20', auth: 'Bearer tok' });
  });
});
