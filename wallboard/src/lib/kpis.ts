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

/** showFigure: the value at the figure's display precision — 82%, 2.4%, 0:19, 1,234, ¥0.77; unknown is "—". */
export function showFigure(spec: KpiSpec, value: number | null, metrics: ScopeMetrics | undefined): string {
  if (value === null) return NONE;
  switch (spec.unit as string) {
    case 'ratio':
      return percent(value, FINE_RATIOS.has(figureOf(spec).figure) ? 1 : 0);
    case 'seconds':
      return duration(value);
    case 'perMinute':
      return decimal(value, 1);
    case 'money':
      return money(value, metrics?.costCurrency);
    case 'count':
      return count(value);
    default:
      return decimal(value, 2);
  }
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
  return { name: spec.name, label: kpiLabel(spec), value: showFigure(spec, value, metrics), verdict: verdict(value, goal), goal: goalText(spec, goal) };
}
