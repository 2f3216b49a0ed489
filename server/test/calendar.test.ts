/**
 * No test may depend on today's date: the date-sensitive test files run again with this
 * process's clock moved years away (forward and back), against the same real Redis.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const DATE_SENSITIVE = [
  'server/test/history.test.ts',
  'server/stages/metrics/day.test.ts',
  'server/stages/metrics/engine.test.ts',
  'server/simulator/timewarp.test.ts',
  'server/simulator/scenarios.test.ts',
  'wallboard/test/format.test.ts',
];
const YEAR_MS = 365.25 * 86400_000;

describe('the suite does not depend on the calendar', () => {
  for (const years of [3.4, -1.7]) {
    it(`passes with the clock moved ${years} years`, () => {
      const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...DATE_SENSITIVE], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', SURGE_CLOCK_SHIFT_MS: String(Math.round(years * YEAR_MS)), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./server/testkit/shifted-clock.mjs`.trim() },
        timeout: 240_000,
      });
      const out = `${run.stdout}\n${run.stderr}`;
      expect(out, out.slice(-3000)).toMatch(/Test Files\s+\S*\d+ passed/);
      expect(run.status, out.slice(-3000)).toBe(0);
    }, 300_000);
  }
});
