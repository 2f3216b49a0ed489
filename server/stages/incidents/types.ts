/** An incident: one emergency at one centre (or network-wide), from its first rise to its resolution. */
import type { AlertLevel, IncidentType, Level } from '../rules/index.js';
import type { MetricValues } from '../rules/index.js';
import type { StepPreview } from './plan-preview.js';

export interface Incident {
  id: string;
  /** The centre it concerns, or `all` for network-wide scopes (`all`, `media:<media>`). */
  centre: string;
  type: IncidentType;
  state: 'open' | 'resolved';
  /** The level in force: the dispatcher's held level if any, else the rules'. */
  level: Level;
  /** The highest level of the scopes the rules raised (normal when all cleared). */
  ruleLevel: Level;
  /** A level the dispatcher holds (escalated, de-escalated or declared) until released. */
  heldLevel: Level | null;
  peakLevel: Level;
  /** Current level of every scope of this incident above normal. */
  scopes: Record<string, Level>;
  /** Level of each (rule, scope) pair that raised it, keyed `rule@scope`. */
  pairs: Record<string, Level>;
  openedAt: number;
  updatedAt: number;
  /** Since when the level has been normal (the quiet period that resolves it). */
  quietSince: number | null;
  resolvedAt: number | null;
  acknowledged: { by: string; at: number; reason: string } | null;
  declaredBy: string | null;
  note: string | null;
  /** On a declared incident: the plan preview the dispatcher saw when declaring it, for the report. */
  declaredPreview?: StepPreview;
  /**
   * Set while the incident stands on an early warning (docs/forecast.md): `level` is expected
   * `inMin` minutes after `at`, as forecast for `scope` by `rule`. Cleared when a rise on actual
   * figures follows, or that rule's scope falls back. Absent on incidents stored before forecasting.
   */
  predicted?: PredictedRise | null;
}

/** PredictedRise is an early warning's prediction, on the incident it raised. */
export interface PredictedRise {
  level: AlertLevel;
  inMin: number;
  scope: string;
  rule: string;
  at: number;
}

export type TimelineKind = 'opened' | 'declared' | 'scope' | 'level' | 'ack' | 'escalate' | 'deescalate' | 'release' | 'resolved';

/** One line of an incident's timeline. */
export interface TimelineEntry {
  at: number;
  kind: TimelineKind;
  from?: Level;
  to?: Level;
  scope?: string;
  rule?: string;
  condition?: string | null;
  /** The figures the rule read when the scope moved. */
  values?: MetricValues;
  /** The rise was an early warning: this level expected in this many minutes. */
  predicted?: { level: AlertLevel; inMin: number };
  by?: string;
  reason?: string;
}

/** The incidents that changed in one step, with the lines to add to their timelines. */
export interface IncidentChanges {
  incidents: Incident[];
  timeline: { id: string; entry: TimelineEntry }[];
}
