/**
 * The `screens:` section: what the wall's KPI strip shows in each hall, and the goal each figure
 * is coloured against on the wall and in the control screen's panorama table. KPI names and goal
 * names are the rules' metric names (server/stages/rules/metric-names.ts), checked here so a typo
 * fails at load with its file:line and the nearest real name, never as an empty tile in the hall.
 * The screens receive the halls with each name resolved to its unit and place in ScopeMetrics
 * (`screensView`), so the wallboard needs no copy of the metric table.
 */
import { z } from 'zod';
import { ID, id, list, mapping, number, section, text, type Issues, type Loose } from '../../config/fields.js';
import { didYouMean } from '../../platform/yaml/suggest.js';
import { METRICS, unknownMetricMessage, type MetricUnit } from '../rules/metric-names.js';
import { WINDOWS } from '../metrics/types.js';

/**
 * The strip a hall shows when its config names none: the panorama a centre director asks for first,
 * today's figures, besides the day's totals the strip always starts with (offered, answered,
 * abandoned, service level). Six fit a 1920×1080 wall in either language. (Names as in PANORAMA.md;
 * each must be a metric name, which screens-config.test.ts checks.)
 */
export const DEFAULT_KPIS: readonly string[] = ['abandonRate.today', 'asaSec.today', 'fcr.today', 'backlog.open', 'onTimeRate.today', 'attendance.rate'];

/**
 * The control screen's panorama table, its columns in order (figure names without a window; a
 * windowed one is shown in the window the dispatcher picks).
 */
export const PANORAMA_FIGURES: readonly string[] = [
  'serviceLevel',
  'abandonRate',
  'asaSec',
  'ahtSec',
  'fcr',
  'repeatRate',
  'backlog.open',
  'backlog.overdue',
  'onTimeRate',
  'connectRate',
  'smsSent',
  'attendance.rate',
  'busyRate',
  'costPerContact',
  'containmentRate',
];

/** The windows the panorama table offers. */
export const PANORAMA_WINDOWS = ['today', '15m'] as const;

/** A goal: the figure meets it at or above `min` and at or below `max` (either or both). */
export interface Goal {
  min?: number;
  max?: number;
}

/**
 * Goals when the config gives none for a figure. Ratios are fractions. The service level has none
 * here: each scope is held to its own queues' target (ScopeMetrics.serviceLevelGoal) unless
 * `screens.goals.serviceLevel` says otherwise. Volumes (SMS sent, open backlog) and money (cost per
 * contact, whose scale depends on the currency) have no default: shown uncoloured until configured.
 */
export const DEFAULT_GOALS: Readonly<Record<string, Goal>> = {
  abandonRate: { max: 0.05 },
  asaSec: { max: 30 },
  ahtSec: { max: 420 },
  fcr: { min: 0.75 },
  repeatRate: { max: 0.15 },
  'backlog.overdue': { max: 0 },
  onTimeRate: { min: 0.9 },
  connectRate: { min: 0.3 },
  'attendance.rate': { min: 0.95 },
  busyRate: { min: 0.7, max: 0.85 },
  containmentRate: { min: 0.3 },
};

const WINDOW_SUFFIX = new RegExp(`\\.(${WINDOWS.join('|')})$`);

/** metricName is a string naming a metric as rule conditions do (`fcr.today`, `backlog.open`). */
const metricName = text().superRefine((name, issues) => {
  if (name && !METRICS.has(name)) issues.addIssue({ code: 'custom', message: unknownMetricMessage(name) });
});

const goalSchema = section({ min: number(-1e12, 1e12).optional(), max: number(-1e12, 1e12).optional() }).superRefine((g, issues) => {
  if (g.min === undefined && g.max === undefined) issues.addIssue({ code: 'custom', message: 'give min, max or both' });
  else if (g.min !== undefined && g.max !== undefined && g.min > g.max) issues.addIssue({ code: 'custom', path: ['max'], message: `must be at least min (${g.min})` });
});

const hallSchema = section({
  kpis: list(metricName).min(1, { error: 'name at least one figure' }).optional(),
  /** The centres the hall's wall shows (and receives figures of); every centre when absent. */
  centres: list(id()).min(1, { error: 'name at least one centre, or leave centres out for all' }).optional(),
});

export const screensSchema = section({
  /** Hall id → its wall's settings; `/wall?hall=<id>` shows one, `/wall` the first listed. */
  halls: mapping(hallSchema)
    .default({})
    .superRefine((halls, issues) => {
      for (const name of Object.keys(halls)) if (!ID.test(name)) issues.addIssue({ code: 'custom', path: [name], message: `hall id "${name}" must be lower-case letters, digits, - or _` });
    }),
  /** Figure name (no window: a goal holds in every window) → its goal. */
  goals: mapping(goalSchema)
    .default({})
    .superRefine((goals, issues) => {
      for (const name of Object.keys(goals)) {
        const problem = WINDOW_SUFFIX.test(name)
          ? `a goal holds for the figure in every window: write "${name.replace(WINDOW_SUFFIX, '')}"`
          : METRICS.has(name)
            ? null
            : unknownMetricMessage(name);
        if (problem) issues.addIssue({ code: 'custom', path: [name], message: problem });
      }
    }),
}).prefault({});

export type ScreensSettings = z.output<typeof screensSchema>;

/** A KPI as the screens read it: its name, unit and where it lives in ScopeMetrics. */
export interface KpiSpec {
  name: string;
  unit: MetricUnit;
  path: readonly string[];
}

/** What the screens are told about themselves (on the live snapshot, beside the topology). */
export interface ScreensView {
  /** Hall id → its strip, in display order; `default` when the config lists no hall. */
  halls: Record<string, { kpis: KpiSpec[]; centres?: string[] }>;
  /** The defaults overlaid with the config's goals. */
  goals: Record<string, Goal>;
  /** The panorama table's columns in each of its windows (an instant figure is the same in both). */
  panorama: Record<(typeof PANORAMA_WINDOWS)[number], KpiSpec[]>;
}

/** The hall the wall shows when the config lists none. */
export const DEFAULT_HALL = 'default';

/** screensView resolves each hall's KPI names (the default strip where none are given) and overlays the goals. */
export function screensView(settings: ScreensSettings): ScreensView {
  const configured = Object.entries(settings.halls);
  const halls: [string, { kpis?: string[]; centres?: string[] }][] = configured.length > 0 ? configured : [[DEFAULT_HALL, {}]];
  return {
    halls: Object.fromEntries(halls.map(([id, hall]) => [id, { kpis: resolve(hall.kpis ?? DEFAULT_KPIS), ...(hall.centres ? { centres: hall.centres } : {}) }])),
    goals: { ...DEFAULT_GOALS, ...settings.goals },
    panorama: Object.fromEntries(
      PANORAMA_WINDOWS.map((w) => [w, resolve(PANORAMA_FIGURES.map((name) => (METRICS.has(`${name}.${w}`) ? `${name}.${w}` : name)))]),
    ) as ScreensView['panorama'],
  };
}

// The config's names were checked at load; a default the metrics engine does not publish (yet) is left out.
function resolve(names: readonly string[]): KpiSpec[] {
  return names.flatMap((name) => {
    const def = METRICS.get(name);
    return def ? [{ name, unit: def.unit, path: def.path }] : [];
  });
}

/** checkHallCentres: every centre a hall names is a configured centre. */
export function checkHallCentres(root: Loose, issues: Issues): void {
  const known = (Array.isArray(root.centres) ? root.centres : []).flatMap((c: Loose) => (typeof c?.id === 'string' ? [c.id] : []));
  const halls = ((root.screens as Loose | undefined)?.halls ?? {}) as Record<string, Loose | null>;
  for (const [hall, settings] of Object.entries(halls)) {
    const centres = settings?.centres;
    if (!Array.isArray(centres)) continue;
    centres.forEach((centre, i) => {
      if (typeof centre === 'string' && !known.includes(centre)) {
        issues.addIssue({ code: 'custom', path: ['screens', 'halls', hall, 'centres', i], message: `unknown centre "${centre}"${didYouMean(centre, known)}` });
      }
    });
  }
}
