/**
 * No test may depend on today's date: the date-sensitive test files run again with this
 * process's clock moved years away (forward and back), against the same real Redis.
 */
import { execFileSync, spawn } from 'node:child_process';
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
/** The files take about 8 s; an attempt that has not ended in this time is stuck. */
const ATTEMPT_MS = 110_000;
/** A line vitest prints when a test file has ended, passed or not. */
const FILE_ENDED = /^\s*[✓❯×] \S+\.test\.ts/m;

interface Attempt {
  out: string;
  status: number | null;
  /** What the stuck run's processes were doing, when it had to be killed. */
  stuck?: string;
}

/** runShifted runs the date-sensitive files in a new vitest, its own process group, with the clock moved. */
function runShifted(shiftMs: number): Promise<Attempt> {
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...DATE_SENSITIVE], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', SURGE_CLOCK_SHIFT_MS: String(shiftMs), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./server/testkit/shifted-clock.mjs`.trim() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8'); // a ✓ split between two chunks stays one character
    stream.on('data', (text: string) => (out += text));
  }
  let stuck: string | undefined;
  const timer = setTimeout(() => {
    stuck = processesOf(child.pid!);
    process.kill(-child.pid!, 'SIGKILL'); // the group: vitest and the workers it forked
  }, ATTEMPT_MS);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ out, status, stuck });
    });
  });
}

function processesOf(group: number): string {
  try {
    return execFileSync('ps', ['-o', 'pid,ppid,stat,etime,time,wchan:20,args', '-g', String(group)], { encoding: 'utf8' });
  } catch (err) {
    return `ps failed: ${(err as Error).message}`;
  }
}

describe('the suite does not depend on the calendar', () => {
  for (const years of [3.4, -1.7]) {
    it(`passes with the clock moved ${years} years`, async () => {
      const shift = Math.round(years * YEAR_MS);
      let run = await runShifted(shift);
      // A vitest that never got as far as ending one file is a stuck runner, not a test that depends on the date:
      // say so and run once more at (almost) the same moved time, which a date-dependent hang would meet again.
      if (run.stuck !== undefined && !FILE_ENDED.test(run.out)) {
        console.warn(`vitest with the clock moved ${years} years ended no file in ${ATTEMPT_MS / 1000} s; its processes:\n${run.stuck}\nits output:\n${run.out.slice(-2000)}`);
        run = await runShifted(shift);
      }
      const out = `${run.out}${run.stuck === undefined ? '' : `\nkilled after ${ATTEMPT_MS / 1000} s; its processes:\n${run.stuck}`}`;
      expect(out, out.slice(-3000)).toMatch(/Test Files\s+\S*\d+ passed/);
      expect(run.status, out.slice(-3000)).toBe(0);
    }, 2 * ATTEMPT_MS + 20_000);
  }
});
