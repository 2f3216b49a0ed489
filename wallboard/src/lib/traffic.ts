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
    marks: curve.markers.map((m) => ({ t: m.at, label: (t.stepKind as Record<string, string>)[m.kind] ?? m.kind, colour: LEVEL_LOOK[levelOf(m.level)].colour })),
  };
}

const levelOf = (level: string): Level => (LEVELS.includes(level as Level) ? (level as Level) : 'normal');
