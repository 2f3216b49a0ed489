/**
 * kpis: a figure named as rule conditions name it (`fcr.today`, `backlog.open`), read from a scope's
 * figures, shown at its display precision, labelled in the screen's language and judged against its
 * goal. The server resolves each name to its unit and place in ScopeMetrics (KpiSpec), so this file
 * keeps no copy of the metric table; a figure the engine does not publish reads as unknown ("—").
 */
import type { Goal, KpiSpec, ScopeMetrics } from './live/protocol.js';
import { count, decimal, duration, money, NONE, percent } from './format.js';
import { t } from '../i18n/index.js';

/** A goal's verdict on a figure: meets it, misses it, or none (no goal, or no figure). */
export type Verdict = 'good' | 'bad' | 'none';

/** Where a figure lives: its name without a window (the goal's and the label's key) and its window, if any. */
export interface FigureRef {
  figure: string;
  window: string | null;
}

/** figureOf reads a KPI's figure and window from its place: `['windows', 'today', 'fcr']` → fcr, today. */
export function figureOf(spec: KpiSpec): FigureRef {
  const [head, window, figure] = spec.path;
  return head === 'windows' && window !== undefined && figure !== undefined ? { figure, window } : { figure: spec.name, window: null };
}

/** readFigure walks the KPI's place in the figures; anything but a finite number is unknown (null). */
export function readFigure(spec: KpiSpec, metrics: ScopeMetrics | undefined): number | null {
  let node: unknown = metrics;
  for (const key of spec.path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

// Small rates read better with a decimal (2.4 % abandoned, not 2 %); the rest as whole percentages.
const FINE_RATIOS: ReadonlySet<string> = new Set(['abandonRate', 'repeatRate']);

/** How a figure is shown: the step of its display precision, and its text at that precision. */
function displayOf(spec: KpiSpec, metrics: ScopeMetrics | undefined): { step: number; show: (value: number) => string } {
  switch (spec.unit as string) {
    case 'ratio': {
      const digits = FINE_RATIOS.has(figureOf(spec).figure) ? 1 : 0;
      return { step: 10 ** -(digits + 2), show: (v) => percent(v, digits) };
    }
    case 'seconds':
      return { step: 1, show: duration };
    case 'perMinute':
      return { step: 0.1, show: (v) => decimal(v, 1) };
    case 'money':
      return { step: 0.01, show: (v) => money(v, metrics?.costCurrency) };
    case 'count':
      return { step: 1, show: count };
    default:
      return { step: 0.01, show: (v) => decimal(v, 2) };
  }
}

// Against the float error of a value divided by its step (0.07 / 0.01 is 7.000000000000001).
const EPSILON = 1e-9;

/**
 * missShown: a figure that misses its goal, capped at the nearest value shown at `step` (its display precision)
 * on the goal's wrong side, so a screen never shows a miss as the goal itself: 94.9 % against "goal ≥ 95%" shows
 * as 94%, not as 95% in red; 5.04 % against "goal ≤ 5.0%" as 5.1%; 30.4 s against "goal ≤ 0:30" as 0:31.
 * A figure that meets its goal, or has none, is returned as it is (rounding then keeps it on the right side).
 */
export function missShown(value: number | null, goal: Goal | null, step: number): number | null {
  if (value === null || goal === null) return value;
  if (goal.min !== undefined && value < goal.min) return Math.min(value, (Math.ceil(goal.min / step - EPSILON) - 1) * step);
  if (goal.max !== undefined && value > goal.max) return Math.max(value, (Math.floor(goal.max / step + EPSILON) + 1) * step);
  return value;
}

/** serviceLevelShown: a service level (whole percent) beside its target, and whether it misses it; a miss never reads as the target (missShown). */
export function serviceLevelShown(sl: number | null | undefined, target: number | null | undefined): { text: string; below: boolean } {
  const value = typeof sl === 'number' && Number.isFinite(sl) ? sl : null;
  const goal = typeof target === 'number' ? { min: target } : null;
  return { text: percent(missShown(value, goal, 0.01)), below: verdict(value, goal) === 'bad' };
}

/** showFigure: the value at the figure's display precision — 82%, 2.4%, 0:19, 1,234, ¥0.77; unknown is "—". */
export function showFigure(spec: KpiSpec, value: number | null, metrics: ScopeMetrics | undefined): string {
  return value === null ? NONE : displayOf(spec, metrics).show(value);
}

/**
 * goalFor: the goal a figure is held to. The service level, unless the config sets one, is held to
 * the scope's own target (its queues' `serviceLevel.target`).
 */
export function goalFor(figure: string, goals: Readonly<Record<string, Goal>> | undefined, metrics: ScopeMetrics | undefined): Goal | null {
  const configured = goals?.[figure];
  if (configured) return configured;
  const target = metrics?.serviceLevelGoal.target;
  return figure === 'serviceLevel' && typeof target === 'number' ? { min: target } : null;
}

/** verdict: whether `value` meets `goal` (at or above min, at or below max). */
export function verdict(value: number | null, goal: Goal | null): Verdict {
  if (value === null || goal === null) return 'none';
  if (goal.min !== undefined && value < goal.min) return 'bad';
  if (goal.max !== undefined && value > goal.max) return 'bad';
  return 'good';
}

/** figureName: the figure's name in the screen's language ("FCR"); a figure the catalogue lacks keeps its metric name. */
export function figureName(figure: string): string {
  return (t.figure as Record<string, string>)[figure] ?? figure;
}

/** kpiLabel: "FCR today", "今日一次解决率"; an instant figure has no window. */
export function kpiLabel(spec: KpiSpec): string {
  const { figure, window } = figureOf(spec);
  const name = figureName(figure);
  const win = window === null ? null : ((t.window as Record<string, string>)[window] ?? window);
  return win === null ? name : t.kpi.withWindow(name, win);
}

/** goalText: the goal in words, "goal ≥ 75%", "goal ≤ 0:30", "goal 70%–85%"; null when none. */
export function goalText(spec: KpiSpec, goal: Goal | null): string | null {
  if (goal === null) return null;
  const show = (v: number) => showFigure(spec, v, undefined);
  if (goal.min !== undefined && goal.max !== undefined) return t.kpi.goalBetween(show(goal.min), show(goal.max));
  if (goal.min !== undefined) return t.kpi.goalAtLeast(show(goal.min));
  if (goal.max !== undefined) return t.kpi.goalAtMost(show(goal.max));
  return null;
}

/** Kpi is one figure of a strip or a table cell, ready to show. */
export interface Kpi {
  name: string;
  label: string;
  value: string;
  verdict: Verdict;
  goal: string | null;
}

/** kpi reads, shows and judges one figure of a scope. */
export function kpi(spec: KpiSpec, metrics: ScopeMetrics | undefined, goals: Readonly<Record<string, Goal>> | undefined): Kpi {
  const value = readFigure(spec, metrics);
  const goal = goalFor(figureOf(spec).figure, goals, metrics);
  return { name: spec.name, label: kpiLabel(spec), value: showFigure(spec, missShown(value, goal, displayOf(spec, metrics).step), metrics), verdict: verdict(value, goal), goal: goalText(spec, goal) };
}
