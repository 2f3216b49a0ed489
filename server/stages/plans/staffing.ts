/**
 * staffingTable is `GET /v1/staffing`: for every configured queue, the Erlang C picture (nobody abandons) from
 * the live figures — the traffic (15-minute arrival rate, handle time), the goal, the agents
 * needed and the agents there, and what those agents achieve now: the same figures as
 * `surge erlang --agents <productive agents>` — and, from the queue's forecast, the same for the
 * next 15, 30 and 60 minutes by Erlang A, with the estimated patience (staffing-forecast.ts).
 */
import type { Config } from '../../config/types.js';
import type { Media } from '../ingest/contract.js';
import { staffingFigures } from '../metrics/staffing/index.js';
import type { MetricsByScope } from '../metrics/types.js';
import { staffingForecast, type StaffingAhead } from './staffing-forecast.js';
import type { Horizon } from '../metrics/forecast/index.js';

/** StaffingRow is one queue; figures are null until the metrics engine has published the queue. */
export interface StaffingRow {
  scope: string;
  centre: string;
  queue: string;
  media: Media;
  /** Contacts offered per minute over the last 15 minutes. */
  arrivalPerMin: number | null;
  /** Handle time Erlang C uses: the 15-minute mean, else today's, else the queue's defaultAhtSec. */
  ahtSec: number;
  /** The goal: `target` of contacts answered within `thresholdSec`. */
  target: number;
  thresholdSec: number;
  requiredAgents: number | null;
  /** Available + on contact + after-call work. */
  productiveAgents: number | null;
  /** requiredAgents − productiveAgents: positive is short, negative is spare. */
  gap: number | null;
  /** Erlang C with today's productive agents: chance a contact waits, and the service level to expect. */
  probWait: number | null;
  serviceLevelAtCurrentStaff: number | null;
  /** …answered at once (1 − probWait), and the occupancy to expect. */
  immediateAnswerProbability: number | null;
  occupancy: number | null;
  /** Mean wait of all contacts and of those that wait; null also when the queue never drains (agents ≤ traffic). */
  asaSec: number | null;
  meanWaitOfDelayedSec: number | null;
  /** Abandoned of those offered over the last 15 minutes (today's figure beside the forecast's). */
  abandonRate: number | null;
  /** The next 15, 30 and 60 minutes from the queue's forecast; null before it has one. */
  forecast: Record<Horizon, StaffingAhead> | null;
}

/** staffingTable lists every queue of every centre, in config order. */
export function staffingTable(metrics: MetricsByScope, config: Pick<Config, 'centres'>): StaffingRow[] {
  return config.centres.flatMap((centre) =>
    centre.queues.map((q): StaffingRow => {
      const scope = `queue:${centre.id}/${q.id}`;
      const m = metrics[scope];
      const ahtSec = m?.windows['15m'].ahtSec ?? m?.windows.today.ahtSec ?? q.defaultAhtSec;
      const { target, thresholdSec } = q.serviceLevel;
      const row: StaffingRow = { scope, centre: centre.id, queue: q.id, media: q.media, arrivalPerMin: null, ahtSec, target, thresholdSec, requiredAgents: null, productiveAgents: null, gap: null, probWait: null, serviceLevelAtCurrentStaff: null, immediateAnswerProbability: null, occupancy: null, asaSec: null, meanWaitOfDelayedSec: null, abandonRate: null, forecast: null };
      if (!m) return row;
      const productiveAgents = m.agents.available + m.agents.onContact + m.agents.acw;
      const arrivalPerMin = m.windows['15m'].arrivalPerMin;
      const now = staffingFigures({ arrivalPerSec: arrivalPerMin / 60, ahtSec, agents: productiveAgents, thresholdSec });
      return {
        ...row,
        arrivalPerMin,
        requiredAgents: m.requiredAgents,
        productiveAgents,
        gap: m.staffingGap,
        probWait: round(now.probWait),
        serviceLevelAtCurrentStaff: round(now.serviceLevel),
        immediateAnswerProbability: round(now.immediateAnswerProbability),
        occupancy: round(now.occupancy),
        asaSec: seconds(now.asaSec),
        meanWaitOfDelayedSec: seconds(now.meanWaitOfDelayedSec),
        abandonRate: m.windows['15m'].abandonRate,
        forecast: staffingForecast(m.forecast, q.serviceLevel, q.defaultAhtSec),
      };
    }),
  );
}

/** forecastAccuracy: per centre, how far off its forecast has been today (wMAPE of 15-minute arrivals, 0.12 = 12 %); null until measured. */
export function forecastAccuracy(metrics: MetricsByScope, config: Pick<Config, 'centres'>): Record<string, number | null> {
  return Object.fromEntries(config.centres.map((centre) => [centre.id, metrics[`centre:${centre.id}`]?.forecast?.accuracy ?? null]));
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;
const seconds = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : null);
