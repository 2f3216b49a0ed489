import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/support/cli.js';
import { run } from './erlang.js';

// The Call Centre Helper example: 100 calls in 30 minutes, AHT 180 s, 80 % within 20 s.
const EXAMPLE = ['--calls', '100', '--interval', '1800', '--aht', '180', '--target', '0.8', '--answer-within', '20'];

const capture = (args: string[]) => runCli(run, args);
const json = async (args: string[]) => {
  const { code, out, err } = await capture([...args, '--json']);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return JSON.parse(out);
};


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

  it('takes the traffic in Erlangs and prints every figure (R ErlangC erlang_c(…, 14): ASA 7.8359 s, answered at once 0.8258681)', async () => {
    const report = await json(['--erlangs', '10', '--aht', '180', '--target', '0.8', '--answer-within', '20']);
    expect(report).toMatchObject({ trafficErlangs: 10, requiredAgents: 14, agents: 14, meanWaitOfDelayedSec: 45 });
    expect(report.asaSec).toBeCloseTo(7.83593701177724, 12);
    expect(report.immediateAnswerProbability).toBeCloseTo(0.8258681, 7);
    expect(report).not.toHaveProperty('abandonProbability');
  });

  it('accepts percentages and prints agentsWithShrinkage (R ErlangC calculate_agents: max_occupancy 0.85, shrinkage 0.3 → 14 and 20)', async () => {
    const report = await json([...EXAMPLE.slice(0, 6), '--target', '80%', '--answer-within', '20', '--max-occupancy', '85%', '--shrinkage', '30%']);
    expect(report).toMatchObject({ requiredAgents: 14, target: 0.8, maxOccupancy: 0.85, shrinkage: 0.3, agentsWithShrinkage: 20 });
    const text = await capture([...EXAMPLE, '--shrinkage', '0.3']);
    expect(text.out).toMatch(/with shrinkage\s+20 scheduled for 30\.0% shrinkage/);
  });

  it('staffs for a maximum occupancy when it binds', async () => {
    // 10 Erlangs at 80/20 need 14 agents (71 % busy); at most 65 % busy needs 16 (62.5 %).
    const report = await json([...EXAMPLE, '--max-occupancy', '0.65']);
    expect(report).toMatchObject({ requiredAgents: 16, maxOccupancy: 0.65, occupancy: 0.625 });
    expect((await capture([...EXAMPLE, '--max-occupancy', '0.65'])).out).toMatch(/required agents\s+16 for 80\.0% answered within 20 s, occupancy ≤ 65\.0%/);
  });

  it('staffs for an abandon target with a patience, and says so', async () => {
    const args = ['--erlangs', '100', '--aht', '180', '--target', '80%', '--answer-within', '20', '--patience', '120'];
    const slOnly = await json(args);
    const report = await json([...args, '--max-abandon', '3%']);
    expect(report).toMatchObject({ maxAbandon: 0.03, patienceSec: 120 });
    expect(report.requiredAgents).toBeGreaterThan(slOnly.requiredAgents);
    expect(report.abandonProbability).toBeLessThanOrEqual(0.03);
    expect((await json([...args, '--max-abandon', '3%', '--agents', String(report.requiredAgents - 1)])).abandonProbability).toBeGreaterThan(0.03);
    expect((await capture([...args, '--max-abandon', '3%'])).out).toMatch(/required agents\s+\d+ for 80\.0% answered within 20 s, abandons ≤ 3\.0%/);
  });

  it('solves for an ASA target alone (R ErlangC $process: 13 agents 17.1 s, 14 agents 7.8 s)', async () => {
    const args = ['--calls', '100', '--interval', '1800', '--aht', '180', '--answer-within', '20', '--target-asa', '15'];
    expect(await json(args)).toMatchObject({ requiredAgents: 14, target: null, targetAsaSec: 15 });
    expect(await json([...args.slice(0, -1), '17.2'])).toMatchObject({ requiredAgents: 13 });
  });

  it('models abandons with --patience (Erlang A) and prints abandonProbability', async () => {
    const report = await json([...EXAMPLE, '--patience', '60']);
    expect(report).toMatchObject({ patienceSec: 60, requiredAgents: 12 });
    expect(report.abandonProbability).toBeGreaterThan(0.05);
    expect(report.abandonProbability).toBeLessThan(0.1);
    // Every caller who abandons waited: the mean wait is P(abandon) × patience (Mandelbaum & Zeltyn).
    expect(report.asaSec).toBeCloseTo(report.abandonProbability * 60, 9);
    expect((await capture([...EXAMPLE, '--patience', '60'])).out).toMatch(/model\s+Erlang A \(mean patience 60 s\)[\s\S]*abandoned\s+7\.6%/);
  });

  it('prints Erlang B blocking for --lines (Westbay: 15 lines at 8.108 Erlangs block 1 %)', async () => {
    expect(await json(['--erlang-b', '--lines', '15', '--erlangs', '8.108'])).toEqual({ trafficErlangs: 8.108, lines: 15, blockingProbability: expect.closeTo(0.01, 4) });
    const text = await capture(['--erlang-b', '--lines', '30', '--calls', '500', '--interval', '3600', '--aht', '180']);
    expect(text.out).toMatch(/traffic\s+25\.00 Erlangs[\s\S]*blocking probability\s+5\.26%/);
  });

  it.each([
    { args: ['--erlangs', '10', '--calls', '100', '--aht', '180', '--target', '0.8', '--answer-within', '20'], message: '--erlangs gives the traffic directly; leave out --calls and --interval' },
    { args: ['--erlangs', 'ten', '--aht', '180', '--target', '0.8', '--answer-within', '20'], message: '--erlangs must be a number between 0 and 100000, not "ten"' },
    { args: [...EXAMPLE.slice(0, 6), '--answer-within', '20'], message: 'give --target (a service level), --target-asa (seconds) or --max-abandon (a share), or several' },
    { args: [...EXAMPLE, '--max-abandon', '5%'], message: '--max-abandon needs --patience: without it nobody hangs up (Erlang C)' },
    { args: [...EXAMPLE, '--target', '180%'], message: '--target must be a number between 0 and 1 (exclusive), not "180%"' },
    { args: [...EXAMPLE, '--target', '%'], message: '--target must be a number between 0 and 1 (exclusive), not "%"' },
    { args: [...EXAMPLE, '--max-occupancy', '0'], message: '--max-occupancy must be a number between 0 and 1 (above 0), not "0"' },
    { args: [...EXAMPLE, '--shrinkage', '100%'], message: '--shrinkage must be a number between 0 and 1 (below 1), not "100%"' },
    { args: [...EXAMPLE, '--target-asa', '0'], message: '--target-asa must be a number > 0, not "0"' },
    { args: [...EXAMPLE, '--patience', '0'], message: '--patience must be a number between 0 and 86400 (above 0), not "0"' },
    { args: [...EXAMPLE, '--patience', '1e9'], message: '--patience must be a number between 0 and 86400 (above 0), not "1e9"' },
    { args: [...EXAMPLE, '--lines', '15'], message: '--lines needs --erlang-b' },
    { args: ['--erlang-b', '--erlangs', '8'], message: '--lines is required' },
    { args: ['--erlang-b', '--lines', '1.5', '--erlangs', '8'], message: '--lines must be a whole number between 0 and 100000, not "1.5"' },
    { args: ['--erlang-b', '--lines', '15', ...EXAMPLE], message: '--target has no meaning with --erlang-b' },
  ])('exits 2 with one sentence for $message', async ({ args, message }) => {
    const { code, out, err } = await capture(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')[0]).toBe(`surge erlang: ${message}`);
  });

  it.each([
    { args: EXAMPLE.slice(2), message: '--calls is required' },
    { args: [...EXAMPLE, '--target', '80'], message: '--target must be a number between 0 and 1 (exclusive), not "80"' },
    { args: [...EXAMPLE, '--agents', '2.5'], message: '--agents must be a whole number' },
    { args: [...EXAMPLE, '--interval', '0'], message: '--interval must be a number > 0' },
    { args: [...EXAMPLE, '--aht', ''], message: '--aht must be a number' },
    { args: [...EXAMPLE, '--shrinkage-rate', '0.3'], message: "Unknown option '--shrinkage-rate'" },
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
