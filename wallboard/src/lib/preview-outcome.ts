/**
 * previewOutcome sets a plan preview beside what followed, for the incident report: at every fifth
 * minute after the preview, the service level and contacts waiting it predicted with the step, and
 * the centre's recorded figures (GET /v1/history, 1-minute points) for that minute.
 */
import type { CentrePreview } from './api/types.js';
import type { TrendPoint } from './live/trends.js';

export const OUTCOME_MIN = [5, 10, 15, 20, 25, 30] as const;

export interface OutcomeRow {
  inMin: number;
  predictedServiceLevel: number | null;
  actualServiceLevel: number | null;
  predictedWaiting: number | null;
  actualWaiting: number | null;
}

/** previewOutcome: one row per OUTCOME_MIN; an actual figure is the last point recorded within that minute (null: none yet). */
export function previewOutcome(centre: CentrePreview, at: number, serviceLevel: readonly TrendPoint[], waiting: readonly TrendPoint[]): OutcomeRow[] {
  return OUTCOME_MIN.map((inMin) => {
    const predicted = centre.minutes.find((m) => m.inMin === inMin)?.with;
    return {
      inMin,
      predictedServiceLevel: predicted?.serviceLevel ?? null,
      actualServiceLevel: within(serviceLevel, at, inMin),
      predictedWaiting: predicted?.waiting ?? null,
      actualWaiting: within(waiting, at, inMin),
    };
  });
}

function within(points: readonly TrendPoint[], at: number, inMin: number): number | null {
  const end = at + inMin * 60_000;
  const inside = points.filter((p) => p.t > end - 60_000 && p.t <= end && p.v !== null);
  return inside.length === 0 ? null : inside[inside.length - 1]!.v;
}
