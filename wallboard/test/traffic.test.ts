import { afterEach, describe, expect, it } from 'vitest';
import { predictedText } from '../src/lib/incidents.js';
import { trafficView, type TrafficCurve } from '../src/lib/traffic.js';
import { setLocale } from '../src/i18n/index.js';

const MIN = 60_000;
const SLOT = 15 * MIN;
const from = Date.parse('2026-03-04T16:00:00Z');
const slot = (i: number, actual: number | null) => ({ at: from + i * SLOT, actual, forecast: 10, low: 8, high: 12, lastWeek: 6 });
const curve = (now: number, markers: TrafficCurve['markers'] = []): TrafficCurve => ({
  centre: 'hangzhou',
  timeZone: 'Asia/Shanghai',
  from,
  to: from + 96 * SLOT,
  now,
  slots: Array.from({ length: 96 }, (_, i) => slot(i, from + i * SLOT <= now ? 20 : null)),
  markers,
});

afterEach(() => setLocale('en'));

describe('trafficView', () => {
  it('the whole day for /control, each slot at its middle, the values up to the highest with a margin', () => {
    const v = trafficView(curve(from + 40 * SLOT));
    expect(v.xDomain).toEqual([from, from + 96 * SLOT]);
    expect(v.slots).toHaveLength(96);
    expect(v.actual[0]).toEqual({ t: from + SLOT / 2, v: 20 });
    expect(v.actual[50]!.v).toBeNull();
    expect(v.yDomain).toEqual([0, 22]);
  });

  it('the wall’s last hours and the next one, from a slot start', () => {
    const now = from + 10 * 3_600_000 + 7 * MIN;
    const v = trafficView(curve(now), 3);
    expect(v.xDomain).toEqual([from + 7 * 3_600_000, now + 3_600_000]);
    expect(v.slots[0]!.at).toBe(from + 7 * 3_600_000);
  });

  it('one marker per slot: the first action, how many more, the highest level’s colour', () => {
    const at = from + 20 * SLOT + MIN;
    const v = trafficView(
      curve(at, [
        { at: at + 2 * MIN, incidentId: 'i', level: 'red', kind: 'reroute', state: 'done' },
        { at, incidentId: 'i', level: 'yellow', kind: 'notify', state: 'done' },
        { at: at + 20 * MIN, incidentId: 'i', level: 'orange', kind: 'banner', state: 'done' },
      ]),
    );
    expect(v.marks.map((m) => [m.t, m.label])).toEqual([
      [at, 'SMS alert +1'],
      [at + 20 * MIN, 'Wallboard banner'],
    ]);
    expect(v.marks[0]!.colour).not.toBe(v.marks[1]!.colour);
  });
});

describe('predictedText', () => {
  it('names the predicted level and its lead time, in English and Chinese; nothing without a prediction', () => {
    const predicted = { level: 'red' as const, inMin: 6, scope: 'centre:hz', rule: 'early', at: from };
    expect(predictedText({ predicted })).toBe('predicted red in 6 min');
    expect(predictedText({ predicted: null })).toBeNull();
    expect(predictedText({})).toBeNull();
    setLocale('zh');
    expect(predictedText({ predicted })).toBe('预计 6 分钟后达红色');
  });
});
