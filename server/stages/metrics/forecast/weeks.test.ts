import { describe, expect, it } from 'vitest';
import { compareWithSeasonalNaive } from './testkit/backtest.js';
import { surgeWarning } from './testkit/surge-day.js';
import { arrivalsByMinute, ORDINARY, PLAN } from './testkit/weeks.js';

describe('forecast on simulated weeks', () => {
  const counts = arrivalsByMinute(PLAN);

  it('beats the seasonal-naive forecast (same slot last week) on ordinary days', () => {
    const { ours, seasonalNaive, slots } = compareWithSeasonalNaive(PLAN, counts, ORDINARY);
    process.stdout.write(`wMAPE of 15-minute arrivals on ${slots} ordinary slots: ours ${(ours * 100).toFixed(1)} %, seasonal-naive ${(seasonalNaive * 100).toFixed(1)} %\n`);
    expect(ours).toBeLessThan(seasonalNaive);
  });

  it('warns of the planted surge before the rule on the actual service level fires', { timeout: 120_000 }, () => {
    const run = surgeWarning(PLAN, counts.slice(0, (PLAN.surge.day + 1) * 1440), 8 * 60, 12 * 60);
    expect(run.warnedAt).not.toBeNull();
    expect(run.actualAt).not.toBeNull();
    process.stdout.write(`surge warned ${((run.actualAt! - run.warnedAt!) / 60_000).toFixed(1)} min before the actual rule (predicted ${JSON.stringify(run.warning?.predicted)})\n`);
    expect(run.warnedAt!).toBeLessThan(run.actualAt!);
    expect(run.warning?.predicted?.level).toBe('yellow');
  });
});
