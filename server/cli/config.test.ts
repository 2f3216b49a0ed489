/** `surge config check`: ok on the shipped config; every problem with file:line:col and exit 1 on a typo. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/support/cli.js';
import { run } from './config.js';

const check = (...args: string[]) => runCli(run, ['check', ...args]);

const DEMO = readFileSync('surge.config.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'surge-config-cli-'));

/** typoFile is the demo config with `metrics.pushIntervalMs` misspelt and an `incidnets:` section added at the end. */
function typoFile(): { path: string; line: (text: string) => number } {
  const text = `${DEMO.replace('  pushIntervalMs: 250', '  pushIntervalMS: 250')}\nincidnets:\n  quietPeriodSec: 60\n`;
  const path = join(dir, 'typo.yaml');
  writeFileSync(path, text);
  return { path, line: (needle) => text.split('\n').findIndex((l) => l.startsWith(needle)) + 1 };
}

describe('surge config check', () => {
  it('passes the shipped config', async () => {
    expect(await check('surge.config.yaml')).toEqual({ code: 0, out: expect.stringMatching(/^ok surge.config.yaml\n(template [^\n]+\n)+$/), err: '' });
  });

  it('lists every unknown key at its line and column, with the key it was meant to be', async () => {
    const { path, line } = typoFile();
    const { code, out, err } = await check(path);
    expect([code, out]).toEqual([1, '']);
    expect(err.split('\n')).toEqual([
      `${path}:${line('  pushIntervalMS')}:3: metrics.pushIntervalMS: unknown key (did you mean pushIntervalMs?)`,
      `${path}:${line('incidnets')}:1: incidnets: unknown key (did you mean incidents?)`,
      '',
    ]);
  });

  it('refuses an unknown subcommand or a second file with exit 2', async () => {
    for (const args of [['lint'], ['check', 'a.yaml', 'b.yaml']]) {
      const { code, err } = await runCli(run, args);
      expect([code, err]).toEqual([2, expect.stringContaining('usage: surge config check [file]')]);
    }
  });

  it('is a `surge` command whose exit status says whether the file is valid', () => {
    const surge = (...args: string[]) => spawnSync(process.execPath, ['bin/surge.js', 'config', 'check', ...args], { env: { ...process.env, SURGE_FROM_SOURCE: '1' }, encoding: 'utf8' });
    const ok = surge('surge.config.yaml');
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    // Then each SMS template's cost in parts: Chinese is UCS-2, 67 characters a part once split.
    expect(ok.stdout.split('\n').slice(0, 3)).toEqual([
      'ok surge.config.yaml',
      'template emergency-alert (as written): 164 characters, GSM-7 (153 a part), 2 SMS',
      'template emergency-alert.zh (as written): 111 characters, UCS-2 (67 a part), 2 SMS',
    ]);
    const { path, line } = typoFile();
    const bad = surge(path);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${path}:${line('incidnets')}:1: incidnets: unknown key (did you mean incidents?)\n`);
  });
});
