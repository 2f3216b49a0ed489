/**
 * figures-delta: what live protocol v2 sends of a scope's figures. Figures go out at display
 * precision (so a change no screen could show sends nothing), and a delta carries only the
 * fields that changed since the last one on its topic. The wallboard's reducer merges a delta
 * with `mergeFigures`, the same function the tests use to check the round trip.
 *
 * Display precision, by the field's name (a nested figure takes its nearest named ancestor's unit,
 * e.g. `forecast.serviceLevel["15m"]` is a ratio):
 *   - seconds (`…Sec`): whole seconds — every screen shows durations as m:ss or "12 s";
 *   - ratios (RATIOS below): 4 decimals (0.01 %) — the finest any screen shows is 0.1 %, and one
 *     digit more keeps a screen's own rounding from flipping on the server's;
 *   - anything else that is not a whole number (per-minute rates, money, agents needed): 2 decimals,
 *     the finest `decimal()` and `money()` show.
 * Whole numbers (counts, epoch-ms times) pass unchanged.
 */
import type { ScopeMetrics } from '../metrics/types.js';
import { RATIO_FIELDS } from '../rules/ratio-metrics.js';

/** Fields that are fractions (0.8 = 80 %), shown as percentages: the ratio metrics', and a re-routing's share. */
const RATIOS = new Set([...RATIO_FIELDS, 'share']);

type Unit = 'seconds' | 'ratio' | 'other';
const SCALE: Record<Unit, number> = { seconds: 1, ratio: 10_000, other: 100 };

function unitOf(key: string, inherited: Unit): Unit {
  if (key.endsWith('Sec')) return 'seconds';
  if (RATIOS.has(key)) return 'ratio';
  return inherited;
}

function round(value: unknown, unit: Unit): unknown {
  if (typeof value === 'number') return Number.isInteger(value) || !Number.isFinite(value) ? value : Math.round(value * SCALE[unit]) / SCALE[unit];
  if (Array.isArray(value)) return value.map((v) => round(v, unit));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v, unitOf(k, unit))]));
  return value;
}

/** atDisplayPrecision rounds every figure of a scope as the screens show it (see above). */
export function atDisplayPrecision(figures: ScopeMetrics): ScopeMetrics {
  return round(figures, 'other') as ScopeMetrics;
}

/** A scope's change: `patch` merges into what the screen holds; `replace` stands instead of it (a field went away). */
export type FiguresChange = { patch: Record<string, unknown> } | { replace: ScopeMetrics };

/**
 * diffFigures compares two scopes' figures (both at display precision): null when nothing changed,
 * else the changed fields as a patch (objects recursively; an array that kept its length as an
 * object of the changed elements by index, each patched the same way; other values whole), or the
 * whole figures when a field went away or turned between array and object (a patch cannot say so).
 * Arrays by element because a forecast's `path` (20 steps) changes in one field of every step
 * when `waiting` moves: sent whole it was two thirds of the delta bytes.
 * A field that went away inside an array's element sends that array whole (a patch replaces an
 * array it names as a value), not the whole figures: an IVR port that hangs up loses its `callId`
 * and `menu`, and under load that made a centre's whole figures (10 KB) a quarter of the delta bytes.
 */
export function diffFigures(previous: ScopeMetrics | undefined, next: ScopeMetrics): FiguresChange | null {
  if (previous === undefined) return { replace: next };
  const patch = diffRecord(previous as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>);
  if (patch === REMOVED) return { replace: next };
  return patch === SAME ? null : { patch };
}

const SAME = Symbol('same');
const REMOVED = Symbol('removed');

function diffRecord(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> | typeof SAME | typeof REMOVED {
  for (const key of Object.keys(a)) if (!(key in b)) return REMOVED;
  const patch: Record<string, unknown> = {};
  let changed = false;
  for (const [key, value] of Object.entries(b)) {
    const before = a[key];
    if (Array.isArray(before) !== Array.isArray(value) && (isRecord(before) || isRecord(value))) return REMOVED;
    if ((isRecord(before) && isRecord(value)) || (Array.isArray(before) && Array.isArray(value) && before.length === value.length)) {
      const inner = diffRecord(before as Record<string, unknown>, value as Record<string, unknown>);
      if (inner === SAME) continue;
      if (inner !== REMOVED) patch[key] = inner;
      else if (Array.isArray(value)) patch[key] = value;
      else return REMOVED;
    } else if (sameValue(before, value)) continue;
    else patch[key] = value;
    changed = true;
  }
  return changed ? patch : SAME;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isRecord(a) && isRecord(b)) return diffRecord(a, b) === SAME;
  return false;
}

/** mergeFigures applies a patch to a scope's figures: objects merge field by field, an array by the elements the patch names by index, anything else is replaced. */
export function mergeFigures<T>(base: T, patch: Record<string, unknown>): T {
  const merged: Record<string, unknown> = Array.isArray(base) ? ([...base] as unknown as Record<string, unknown>) : isRecord(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    const before = merged[key];
    merged[key] = (isRecord(before) || Array.isArray(before)) && isRecord(value) ? mergeFigures(before, value) : value;
  }
  return merged as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
