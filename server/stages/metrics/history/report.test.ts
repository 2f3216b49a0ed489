import { describe, expect, it } from 'vitest';
import { buckets, eachMinuteCount, isoInZone } from './report.js';
import { layoutOf } from './store.js';

const MIN = 60_000;
const H = 3_600_000;

describe('report intervals', () => {
  it('follow the zone’s clock: days of 23 and 25 hours at summer time, hours on a half-hour offset', () => {
    // New York springs forward on 2026-03-08 (a 23-hour day) and falls back on 2026-11-01 (25 hours).
    const spring = Date.parse('2026-03-08T05:00:00Z'); // local midnight, EST
    expect(buckets('1d', spring, spring + 23 * H, 'America/New_York')).toEqual([{ start: spring, end: spring + 23 * H }]);
    const autumn = Date.parse('2026-11-01T04:00:00Z'); // local midnight, EDT
    expect(buckets('1d', autumn, autumn + 26 * H, 'America/New_York')).toEqual([
      { start: autumn, end: autumn + 25 * H },
      { start: autumn + 25 * H, end: autumn + 26 * H },
    ]);
    // India is UTC+5:30: its hours start at half past UTC hours, and the range cuts the first and last.
    const from = Date.parse('2026-03-02T00:00:00Z');
    expect(buckets('1h', from, from + 2 * H, 'Asia/Kolkata').map((b) => [isoInZone(b.start, 'Asia/Kolkata'), isoInZone(b.end, 'Asia/Kolkata')])).toEqual([
      ['2026-03-02T05:30:00+05:30', '2026-03-02T06:00:00+05:30'],
      ['2026-03-02T06:00:00+05:30', '2026-03-02T07:00:00+05:30'],
      ['2026-03-02T07:00:00+05:30', '2026-03-02T07:30:00+05:30'],
    ]);
  });

  it('count each minute as the difference of running counts, starting again at the local midnight and after a fall', () => {
    const midnight = Date.parse('2026-03-02T16:00:00Z'); // Shanghai
    const sample = (at: number, offered: number | null) => ({ at, row: [offered], layout: layoutOf(['offered.today']) });
    const counts: Array<[number, number | null]> = [];
    eachMinuteCount(
      [sample(midnight - 2 * MIN, 40), sample(midnight - MIN, 43), sample(midnight, 2), sample(midnight + MIN, null), sample(midnight + 5 * MIN, 9), sample(midnight + 6 * MIN, 4)],
      ['offered'],
      'Asia/Shanghai',
      (at, i, n) => counts.push([(at - midnight) / MIN, n]),
    );
    expect(counts).toEqual([
      [-2, 40], // the day's first recorded minute: the day so far
      [-1, 3],
      [0, 2], // a new day
      [1, null], // not kept that minute
      [5, 7], // the gap's contacts land here
      [6, 4], // the count fell: the engine started over
    ]);
  });
});
