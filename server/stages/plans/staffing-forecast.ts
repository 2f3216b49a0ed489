/**
 * staffingForecast is the forecast side of a `GET /v1/staffing` row: for the next 15, 30 and 60
 * minutes, the load the forecast expects (its arrivals plus a share of those waiting now), the
 * agents that load needs for the queue's goal, and what the agents there now would achieve —
 * Erlang A with the queue's estimated patience, as the forecast itself predicts.
 */
import { HORIZONS, type ForecastFigures, type Horizon } from '../metrics/forecast/index.js';
import { requiredAgents } from '../metrics/staffing/index.js';

/** StaffingAhead: one horizon. */
export interface StaffingAhead {
  /** Contacts per minute over the horizon: forecast arrivals plus the contacts waiting now. */
  loadPerMin: number;
  arrivals: number;
  ahtSec: number;
  /** Agents needed for the goal at that load (Erlang A with the estimated patience). */
  requiredAgents: number;
  /** requiredAgents − the productive agents now: positive is short. */
  gap: number;
  serviceLevel: number | null;
  waitSec: number | null;
  abandonRate: number | null;
}

/** staffingForecast: null before the engine has forecast the queue. */
export function staffingForecast(f: ForecastFigures | undefined, goal: { target: number; thresholdSec: number }, defaultAhtSec: number): Record<Horizon, StaffingAhead> | null {
  if (!f) return null;
  const ahtSec = f.ahtSec ?? defaultAhtSec;
  const ahead = (h: Horizon): StaffingAhead => {
    const loadPerMin = f.path.find((p) => p.inMin === HORIZONS[h])?.loadPerMin ?? f.arrivals[h] / HORIZONS[h];
    const needed = requiredAgents({ arrivalPerSec: loadPerMin / 60, ahtSec: ahtSec > 0 ? ahtSec : defaultAhtSec, target: goal.target, thresholdSec: goal.thresholdSec, patienceSec: f.patienceSec });
    return { loadPerMin, arrivals: f.arrivals[h], ahtSec, requiredAgents: needed, gap: needed - f.agents, serviceLevel: f.serviceLevel[h], waitSec: f.waitSec[h], abandonRate: f.abandonRate[h] };
  };
  return { '15m': ahead('15m'), '30m': ahead('30m'), '60m': ahead('60m') };
}
