import { describe, expect, it } from 'vitest';
import { layoutOf, type HistorySample } from './store.js';
import { SLOT_MS, trafficCurve, type TrafficInput } from './traffic.js';

const MIN = 60_000;
const DAY = 86_400_000;
// Shanghai's midnight of Thursday 2026-03-05, and the Thursday before.
const dayStart = Date.parse('2026-03-04T16:00:00Z');
const lastWeekStart = dayStart - 7 * DAY;
const LAYOUT = layoutOf(['offered.today', 'forecast.arrivals.15m', 'forecast.accuracy']);

/** minutes: one row a minute from `start` for `count` minutes, offered `perMin` a minute (running), with a forecast and its error. */
function minutes(start: number, count: number, perMin: number, forecast: number | null = null, accuracy: number | null = null): HistorySample[] {
  return Array.from({ length: count }, (_, i) => ({ at: start + i * MIN, row: [(i + 1) * perMin, forecast, accuracy], layout: LAYOUT }));
}

const input = (over: Partial<TrafficInput>): TrafficInput => ({
  centre: 'hangzhou',
  timeZone: 'Asia/Shanghai',
  dayStart,
  dayEnd: dayStart + DAY,
  lastWeekStart,
  now: dayStart + 40 * MIN,
  today: [],
  lastWeek: [],
  markers: [],
  ...over,
});

describe('trafficCurve', () => {
  it('counts offered per slot, the forecast made at each slot’s start with its band, and last week', () => {
    const curve = trafficCurve(
      input({
        // 2 a minute for the first 40 minutes; forecast 27 with a 10 % error from minute 14 on (it reaches slots 1 and 2).
        today: [...minutes(dayStart, 14, 2), ...minutes(dayStart + 14 * MIN, 26, 2, 27, 0.1).map((s, i) => ({ ...s, row: [(15 + i) * 2, 27, 0.1] }))],
        lastWeek: minutes(lastWeekStart, 60, 1),
        markers: [{ at: dayStart + 31 * MIN, incidentId: 'i1', level: 'red', kind: 'reroute', state: 'done' }, { at: dayStart - MIN, incidentId: 'i0', level: 'red', kind: 'notify', state: 'done' }],
      }),
    );
    expect(curve.slots).toHaveLength(96);
    expect(curve.slots[0]).toEqual({ at: dayStart, actual: 30, forecast: null, low: null, high: null, lastWeek: 15 });
    expect(curve.slots[1]).toEqual({ at: dayStart + SLOT_MS, actual: 30, forecast: 27, low: 24.3, high: 29.7, lastWeek: 15 });
    // The slot holding now so far (10 minutes of 15), then slots to come: no actual, last week's where recorded.
    expect(curve.slots[2]).toMatchObject({ actual: 20, forecast: 27 });
    expect(curve.slots[3]).toEqual({ at: dayStart + 3 * SLOT_MS, actual: null, forecast: null, low: null, high: null, lastWeek: 15 });
    expect(curve.slots[4]!.lastWeek).toBeNull();
    // Only today's markers, in order.
    expect(curve.markers.map((m) => m.incidentId)).toEqual(['i1']);
  });

  it('fills the next hour’s slots from the latest forecast’s horizons, with the same band', () => {
    const ahead = layoutOf(['offered.today', 'forecast.arrivals.15m', 'forecast.arrivals.30m', 'forecast.arrivals.60m', 'forecast.accuracy']);
    // The row of minute 39 is made at now (minute 40): 2 a minute for 15 minutes, then 1, then 2 up to an hour.
    const today = Array.from({ length: 40 }, (_, i) => ({ at: dayStart + i * MIN, row: [i + 1, 30, 45, 105, 0.2], layout: ahead }));
    const curve = trafficCurve(input({ today }));
    expect(curve.slots[3]).toEqual({ at: dayStart + 3 * SLOT_MS, actual: null, forecast: 25, low: 20, high: 30, lastWeek: null });
    expect(curve.slots.slice(4, 7).map((s) => s.forecast)).toEqual([20, 30, 30]);
    expect(curve.slots[7]).toMatchObject({ actual: null, forecast: null, low: null, high: null });
  });

  it('bands a forecast whose error is not measured yet by ± √forecast, never below 0', () => {
    const curve = trafficCurve(input({ today: minutes(dayStart + 14 * MIN, 2, 1, 4, null) }));
    expect(curve.slots[1]).toMatchObject({ forecast: 4, low: 2, high: 6 });
    const tiny = trafficCurve(input({ today: minutes(dayStart + 14 * MIN, 2, 0, 0.25, null) }));
    expect(tiny.slots[1]).toMatchObject({ forecast: 0.3, low: 0, high: 0.8 });
  });

  it('starts the day’s counts again at local midnight and follows a 23-hour day', () => {
    const ny = Date.parse('2026-03-08T05:00:00Z'); // New York springs forward: 23 hours
    const before = { at: ny - MIN, row: [500, null, null], layout: LAYOUT };
    const curve = trafficCurve(input({ timeZone: 'America/New_York', dayStart: ny, dayEnd: ny + 23 * 3_600_000, lastWeekStart: ny - 7 * DAY, now: ny + 10 * MIN, today: [before, ...minutes(ny, 10, 3)] }));
    expect(curve.slots).toHaveLength(92);
    expect(curve.slots[0]!.actual).toBe(30);
  });
});
