/**
 * `GET /v1/traffic?centre=`: a centre's day so far in 15-minute slots — offered, the forecast band,
 * the same slot last week — with the plan actions that fired (docs/api.md, docs/screens.md). Read
 * from the committed history and incidents only, never from the screens' push cache.
 */
import type { CentreConfig } from '../../../config/topology.js';
import { atLeast } from '../../../platform/http/auth.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { Route } from '../../../platform/http/request.js';
import type { IncidentStore } from '../../incidents/store.js';
import type { StepStore } from '../../plans/executor/steps.js';
import { startOfDay } from '../day.js';
import { scopeIds } from '../view.js';
import type { HistoryStore } from './store.js';
import { trafficCurve, type TrafficMarker } from './traffic.js';

const DAY = 86_400_000;
/** The incidents looked at for markers: the newest this many (a day has far fewer). */
const INCIDENTS_READ = 200;
/** Steps in these states did something; the others never fired. */
const FIRED = new Set(['done', 'failed', 'awaiting undo confirmation', 'undone']);

export interface TrafficDeps {
  history: HistoryStore;
  incidents: IncidentStore;
  steps: StepStore;
  centres: readonly Pick<CentreConfig, 'id' | 'timezone'>[];
  clock?: () => number;
}

export function trafficRoutes({ history, incidents, steps, centres, clock = Date.now }: TrafficDeps): Route[] {
  return [
    ['get', '/v1/traffic', { roles: [...atLeast('display'), 'acd'] }, async (ctx) => {
      const id = ctx.query.get('centre');
      if (!id) throw new HttpError(400, `centre is required, e.g. centre=${centres[0]?.id ?? 'hangzhou'}`);
      const centre = centres.find((c) => c.id === id);
      if (!centre) throw new HttpError(400, `unknown centre "${id}" (centres: ${centres.map((c) => c.id).join(', ')})`);
      const now = clock();
      const timeZone = centre.timezone;
      const dayStart = startOfDay(now, timeZone);
      // 26 hours on lands inside the next local day whatever its length; a week back, 12 hours in lands on last week's day.
      const dayEnd = startOfDay(dayStart + 26 * 3_600_000, timeZone);
      const lastWeekStart = startOfDay(dayStart - 7 * DAY + 12 * 3_600_000, timeZone);
      const scope = scopeIds.centre(centre.id);
      const [today, lastWeek, markers] = await Promise.all([
        history.samples(scope, dayStart, now),
        history.samples(scope, lastWeekStart, lastWeekStart + (dayEnd - dayStart) - 1),
        firedSteps(incidents, steps, centre.id, dayStart),
      ]);
      return { body: trafficCurve({ centre: centre.id, timeZone, dayStart, dayEnd, lastWeekStart, now, today, lastWeek, markers }) };
    }],
  ];
}

/** firedSteps: the plan steps that did something, of the centre's incidents (and network-wide ones) open since `since`. */
async function firedSteps(incidents: IncidentStore, steps: StepStore, centre: string, since: number): Promise<TrafficMarker[]> {
  const recent = (await incidents.list(INCIDENTS_READ)).filter((i) => (i.centre === centre || i.centre === 'all') && (i.resolvedAt ?? Infinity) >= since);
  const lists = await Promise.all(recent.map((i) => steps.list(i.id)));
  return lists.flat().filter((s) => FIRED.has(s.state)).map((s) => ({ at: s.updatedAt, incidentId: s.incidentId, level: s.level, kind: s.kind, state: s.state }));
}
