/**
 * forecast: how good the forecast is on the simulated weeks of the forecast's tests
 * (server/stages/metrics/forecast/testkit): wMAPE of 15-minute arrival forecasts on ordinary days
 * beside the seasonal-naive forecast (same slot last week), and how many minutes before the rule
 * on the actual service level the early warning saw the planted surge. No server, no timing:
 * the figures depend on the seeded weeks only.
 */
import { compareWithSeasonalNaive } from '../../../server/stages/metrics/forecast/testkit/backtest.js';
import { surgeWarning } from '../../../server/stages/metrics/forecast/testkit/surge-day.js';
import { arrivalsByMinute, MINUTES_PER_DAY, ORDINARY, PLAN } from '../../../server/stages/metrics/forecast/testkit/weeks.js';
import type { Scenario } from '../context.js';

export const forecastScenario: Scenario = {
  name: 'forecast',
  async run(ctx) {
    const counts = arrivalsByMinute(PLAN);
    ctx.log(`forecast: ${PLAN.days} simulated days, judging ${ORDINARY.length} ordinary ones`);
    const accuracy = compareWithSeasonalNaive(PLAN, counts, ORDINARY);
    const planted = Object.fromEntries(
      (['holiday', 'outage', 'surge'] as const).map((name) => {
        const day = name === 'holiday' ? PLAN.holiday : PLAN[name].day;
        return [name, compareWithSeasonalNaive(PLAN, counts, [day])];
      }),
    );
    ctx.log('forecast: stepping the surge morning through the pipeline');
    const surge = surgeWarning(PLAN, counts.slice(0, (PLAN.surge.day + 1) * MINUTES_PER_DAY), 8 * 60, 12 * 60);
    const leadMin = surge.warnedAt !== null && surge.actualAt !== null ? (surge.actualAt - surge.warnedAt) / 60_000 : null;
    return {
      rows: [
        { scenario: 'forecast', figure: 'wMAPE 15-min arrivals, ordinary days', unit: '%', value: accuracy.ours * 100, baseline: { label: 'seasonal naive', value: accuracy.seasonalNaive * 100 }, target: { on: 'ratio' as const, op: '<=' as const, limit: 1 } },
        ...Object.entries(planted).map(([name, c]) => ({ scenario: 'forecast', figure: `wMAPE on the ${name} day`, unit: '%', value: c.ours * 100, baseline: { label: 'seasonal naive', value: c.seasonalNaive * 100 } })),
        { scenario: 'forecast', figure: 'surge warned before the actual rule', unit: 'min', value: leadMin, ...(leadMin === null ? { note: 'not warned' } : {}) },
      ],
      details: { accuracy, planted, surge: { warnedAt: surge.warnedAt, actualAt: surge.actualAt, predicted: surge.warning?.predicted ?? null, agents: surge.agents } },
    };
  },
};
