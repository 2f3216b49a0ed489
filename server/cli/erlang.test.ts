import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/support/cli.js';
import { run } from './erlang.js';

// The Call Centre Helper example: 100 calls in 30 minutes, AHT 180 s, 80 % within 20 s.
const EXAMPLE = ['--calls', '100', '--interval', '1800', '--aht', '180', '--target', '0.8', '--answer-within', '20'];

const capture = (args: string[]) => runCli(run, args);


describe('surge erlang', () => {
  it('prints the figures for the required number of agents', async () => {
    const { code, out, err } = await capture(EXAMPLE);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/required agents\s+14 for 80\.0% answered within 20 s/);
    expect(out).toMatch(/probability of waiting\s+17\.4%/);
    expect(out).toMatch(/service level\s+88\.8% within 20 s/);
    expect(out).toMatch(/ASA\s+7\.8 s/);
    expect(out).toMatch(/occupancy\s+71\.4%/);
  });

  it('takes --target as a percentage, as rule files write it', async () => {
    const percent = await capture(EXAMPLE.map((a) => (a === '0.8' ? '80%' : a)));
    expect(percent.code).toBe(0);
    expect(percent.out).toBe((await capture(EXAMPLE)).out);
    const wrong = await capture(EXAMPLE.map((a) => (a === '0.8' ? '180%' : a)));
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/--target must be a number between 0 and 1 \(exclusive\), not "180%"/);
  });

  it('prints the figures for --agents as JSON', async () => {
    const { code, out } = await capture([...EXAMPLE, '--agents', '15', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ agents: 15, requiredAgents: 14, target: 0.8, thresholdSec: 20 });
    expect(report.trafficErlangs).toBeCloseTo(10, 9);
    expect(report.probWait).toBeCloseTo(0.102, 3);
    expect(report.serviceLevel).toBeCloseTo(0.941, 3);
  });

  it('says the queue never drains when --agents does not cover the traffic', async () => {
    const { code, out } = await capture([...EXAMPLE, '--agents', '9', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ agents: 9, probWait: 1, serviceLevel: 0, asaSec: null });
    const text = await capture([...EXAMPLE, '--agents', '9']);
    expect(text.out).toMatch(/ASA\s+unbounded/);
  });

  it.each([
    { args: EXAMPLE.slice(2), message: '--calls is required' },
    { args: [...EXAMPLE, '--target', '80'], message: '--target must be a number between 0 and 1' },
    { args: [...EXAMPLE, '--agents', '2.5'], message: '--agents must be a whole number' },
    { args: [...EXAMPLE, '--interval', '0'], message: '--interval must be a number > 0' },
    { args: [...EXAMPLE, '--aht', ''], message: '--aht must be a number' },
    { args: [...EXAMPLE, '--shrinkage', '0.3'], message: "Unknown option '--shrinkage'" },
    { args: [...EXAMPLE, 'extra'], message: 'unexpected argument "extra"' },
    { args: [...EXAMPLE, '--calls', '1e12'], message: 'the goal needs more than 100000 agents' },
    { args: [...EXAMPLE, '--agents', '1e9'], message: '--agents must be a whole number between 0 and 100000' },
  ])('exits 2 with a message for $message', async ({ args, message }) => {
    const { code, out, err } = await capture(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).toContain('usage: surge erlang');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('runs as `surge erlang … --json` from the command line', async () => {
    const bin = fileURLToPath(new URL('../../bin/surge.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'erlang', ...EXAMPLE, '--json'], {
      env: { ...process.env, SURGE_FROM_SOURCE: '1' },
    });
    const report = JSON.parse(stdout);
    expect(report.requiredAgents).toBe(14);
    expect(report.agents).toBe(14);
    expect(report.serviceLevel).toBeCloseTo(0.8883500191794669, 12);
  });
});
