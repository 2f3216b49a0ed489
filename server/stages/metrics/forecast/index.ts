/**
 * Forecasting, pure (docs/forecast.md): arrivals and handle time for the next 15/30/60 minutes
 * from a weekday × time-of-day profile corrected by how today runs, what they do to the queue
 * with the staffing in place now (Erlang A), and how accurate today's forecasts have been.
 *
 *   events ─► profile.ts (per centre, in the engine's checkpoint)
 *   snapshot ─► arrivals.ts (outlook, accuracy) ─► figures.ts (Erlang A path, roll-ups) ─► `forecast` figures
 *   step ─► early-warning.ts (the level the rules would reach; predicted rises)
 */
export { CentreForecast } from './centre.js';
export { HORIZONS, PATH_MIN, rollUp, type ByHorizon, type ForecastFigures, type ForecastPoint, type Horizon, type ScopeForecast } from './figures.js';
export { annotateLevels, markPredicted, predictedRise, projectedLevel, type Predicted } from './early-warning.js';
export { FORECAST_METRICS } from './metric-names.js';
