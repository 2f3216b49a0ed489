/**
 * traffic: what the traffic curve draws from `GET /v1/traffic` (docs/screens.md) — the slots in a
 * time window as points at each slot's middle, the value range, and the plan actions as markers.
 */
import type { TrafficCurve, TrafficSlot } from '../../../server/stages/metrics/history/traffic.js';
import type { TrendPoint } from './live/trends.js';
import type { Marker } from './charts/scales.js';
import { LEVEL_LOOK } from './levels.js';
import { LEVELS, type Level } from './live/protocol.js';
import { t } from '../i18n/index.js';

export type { TrafficCurve, TrafficSlot };

const SLOT_MS = 15 * 60_000;
const HOUR = 3_600_000;

export interface TrafficView {
  /** The slots drawn, each at its middle (`mid`). */
  slots: (TrafficSlot & { mid: number })[];
  actual: TrendPoint[];
  forecast: TrendPoint[];
  lastWeek: TrendPoint[];
  xDomain: [number, number];
  yDomain: [number, number];
  marks: Marker[];
}

/**
 * trafficView: the whole day, or with `recentHours` (the wall) the last hours before now and the
 * next hour, so a slot stays a few rem wide on a tile.
 */
export function trafficView(curve: TrafficCurve, recentHours?: number): TrafficView {
  const from = recentHours === undefined ? curve.from : Math.max(curve.from, Math.floor((curve.now - recentHours * HOUR) / SLOT_MS) * SLOT_MS);
  const to = recentHours === undefined ? curve.to : Math.min(curve.to, Math.max(from + 2 * HOUR, curve.now + HOUR));
  const slots = curve.slots.filter((s) => s.at >= from && s.at < to).map((s) => ({ ...s, mid: s.at + SLOT_MS / 2 }));
  const points = (v: (s: TrafficSlot) => number | null): TrendPoint[] => slots.map((s) => ({ t: s.mid, v: v(s) }));
  const top = Math.max(5, ...slots.flatMap((s) => [s.actual, s.high, s.lastWeek, s.forecast].filter((v): v is number => v !== null)));
  return {
    slots,
    actual: points((s) => s.actual),
    forecast: points((s) => s.forecast),
    lastWeek: points((s) => s.lastWeek),
    xDomain: [from, to],
    yDomain: [0, Math.ceil(top * 1.1)],
    marks: slotMarks(curve.markers),
  };
}

/**
 * slotMarks: one marker per 15-minute slot with plan actions, at the first, in the highest level's
 * colour, naming the first action and how many more (a plan fires several at once: labels would pile up).
 */
function slotMarks(markers: TrafficCurve['markers']): Marker[] {
  const bySlot = new Map<number, TrafficCurve['markers'][number][]>();
  for (const m of markers) {
    const slot = Math.floor(m.at / SLOT_MS);
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), m]);
  }
  return [...bySlot.values()].map((group) => {
    const first = group.reduce((a, b) => (b.at < a.at ? b : a));
    const top = group.reduce((a, b) => (LEVELS.indexOf(levelOf(b.level)) > LEVELS.indexOf(levelOf(a.level)) ? b : a));
    const name = (t.stepKind as Record<string, string>)[first.kind] ?? first.kind;
    return { t: first.at, label: group.length > 1 ? `${name} +${group.length - 1}` : name, colour: LEVEL_LOOK[levelOf(top.level)].colour };
  });
}

const levelOf = (level: string): Level => (LEVELS.includes(level as Level) ? (level as Level) : 'normal');
