import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from './rules.js';

let stdout = '';
let stderr = '';
beforeEach(() => {
  [stdout, stderr] = ['', ''];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const dir = mkdtempSync(join(tmpdir(), 'surge-rules-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const TYPO = `rules:
  - name: voice-queue
    scope: queue:*/voice
    clear: 2m
    yellow: { when: serviceLevel < 80% or waiting >= 10, for: 2m }
    orange: { when: waiting >= 20 or serviceLvel < 70%, for: 2m }
`;

describe('surge rules check', () => {
  it('knows the panorama’s metrics and the region and skill scopes', async () => {
    const rules = file(
      'panorama.yaml',
      `rules:
  - name: director
    scope: region:*
    clear: 5m
    yellow: { when: fcr.today < 70% or backlog.overdue > 10 or attendance.rate < 90%, for: 5m }
    orange: { when: costPerContact.today > 1.5 or containmentRate < 40%, for: 5m }
  - name: skills
    scope: skill:*/billing
    clear: 5m
    yellow: { when: repeatRate.today > 20% or busyRate > 95%, for: 5m }
`,
    );
    expect(await run(['check', rules])).toBe(0);
    expect(stdout).toBe('ok: 2 rules in 1 file\n');
    expect(stderr).toBe('');
  });

  it('passes the default rules', async () => {
    expect(await run(['check', 'rules/default.yaml'])).toBe(0);
    expect(stdout).toBe('ok: 11 rules in 1 file\n');
    expect(stderr).toBe('');
  });

  it('warns, promtool-style, when a higher level would fire before a lower one, and still passes', async () => {
    const path = file('order.yaml', 'rules:\n  - name: order\n    scope: all\n    yellow: { when: waiting >= 20 }\n    red: { when: waiting >= 10 }\n');
    expect(await run(['check', path])).toBe(0);
    expect(stdout).toBe('ok: 1 rules in 1 file\n');
    expect(stderr).toBe(`${path}:5:18: warning: red fires before yellow: waiting >= 10 is looser than yellow's waiting >= 20\n`);
  });

  it('reports a name used twice along with the other problems of the files, in one pass', async () => {
    const a = file('dup-a.yaml', 'rules:\n  - name: same\n    scope: all\n    red: { when: waiting > 1 }\n');
    const b = file('dup-b.yaml', 'rules:\n  - name: same\n    scope: al\n    red: { when: waiting > 1 }\n');
    expect(await run(['check', a, b])).toBe(1);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^${b}:3:12: unknown scope "al"`)),
      `${b}:2:5: rule name "same" is already used at ${a}:2:5`,
    ]);
  });

  it('points a YAML indentation mistake at the key, not at column 1', async () => {
    const path = file('indent.yaml', 'rules:\n  - name: a\n    scope: all\n   red: { when: waiting >= 10 }\n');
    expect(await run(['check', path])).toBe(1);
    expect(stderr).toBe(`${path}:4:4: bad indentation of "red" (column 4, the line above at column 5): Sequence item without - indicator\n`);
  });

  it('points a typo at its line and column', async () => {
    const path = file('typo.yaml', TYPO);
    expect(await run(['check', 'rules/default.yaml', path])).toBe(1);
    // The name clash is found in the same pass, not after the typo is fixed.
    const shipped = readFileSync('rules/default.yaml', 'utf8').split('\n').findIndex((l) => l.includes('name: voice-queue')) + 1;
    expect(stderr).toBe(`${path}:6:38: unknown metric "serviceLvel" (did you mean serviceLevel?)\n${path}:2:5: rule name "voice-queue" is already used at rules/default.yaml:${shipped}:5\n`);
  });

  it('knows sourceSilentSec, in seconds, and suggests it for a near miss', async () => {
    const silent = (when: string) => `rules:
  - name: feed
    scope: centre:*
    type: equipment_failure
    clear: 1m
    red: { when: ${when}, for: 0s }
`;
    expect(await run(['check', file('silent.yaml', silent('sourceSilentSec >= 2m'))])).toBe(0);
    const typo = file('silent-typo.yaml', silent('sourceSilenceSec >= 2m'));
    expect(await run(['check', typo])).toBe(1);
    expect(stderr).toBe(`${typo}:6:18: unknown metric "sourceSilenceSec" (did you mean sourceSilentSec?)\n`);
  });

  it('lists every error, one a line', async () => {
    const path = file('two.yaml', TYPO.replace('clear: 2m', 'clear: 2 minutes'));
    expect(await run(['check', path])).toBe(1);
    expect(stderr.split('\n')).toEqual([
      `${path}:4:12: bad duration "2 minutes" for clear: write a duration like 90s, 5m or 1h30m`,
      `${path}:6:38: unknown metric "serviceLvel" (did you mean serviceLevel?)`,
      '',
    ]);
  });

  it.each([[[]], [['check']], [['frob', 'x.yaml']], [['check', '--strict', 'x.yaml']]])('is a usage error: %j', async (args) => {
    expect(await run(args)).toBe(2);
    expect(stderr).toMatch(/usage: surge rules check/);
  });

  it('prints usage on --help', async () => {
    expect(await run(['--help'])).toBe(0);
    expect(stdout).toMatch(/^usage: surge rules check/);
  });
});

describe('surge rules check with plan files', () => {
  const plans = ['alerts/plans/equipment-failure.yaml', 'alerts/plans/fire.yaml', 'alerts/plans/traffic-surge.yaml'];
  const PLAN = `plans:
  - name: surge-yellow
    level: yellow
    actions:
      - notify: { group: duty-manager, template: level-alert }
`;

  it('checks rule and plan files together, telling them apart by their top-level key', async () => {
    expect(await run(['check', 'rules/default.yaml', ...plans])).toBe(0);
    expect(stdout).toBe('ok: 11 rules and 12 plans in 4 files\n');
    expect(stderr).toBe('');
  });

  it('checks plan files alone', async () => {
    expect(await run(['check', ...plans])).toBe(0);
    expect(stdout).toBe('ok: 12 plans in 3 files\n');
  });

  it('points a plan mistake at its line and column', async () => {
    const path = file('plan-typo.yaml', PLAN);
    expect(await run(['check', 'rules/default.yaml', path])).toBe(1);
    expect(stderr).toBe(`${path}:5:26: unknown group "duty-manager" (did you mean duty-managers?) (groups: duty-managers, emergency-echelon)\n`);
  });

  it('checks plans against the config named by --config', async () => {
    const config = file('config.yaml', `centres:\n  - { id: hangzhou, timezone: Asia/Shanghai, queues: [{ id: voice, media: voice }] }\ngroups:\n  duty-manager: []\n`);
    const path = file('plan-typo.yaml', PLAN);
    expect(await run(['check', '--config', config, path])).toBe(1);
    expect(stderr).toBe(`${config}:4:17: groups.duty-manager: a group needs at least one contact\n`);
  });

  it('reports a config it cannot read', async () => {
    expect(await run(['check', '--config', join(dir, 'missing.yaml'), ...plans])).toBe(1);
    expect(stderr).toMatch(/missing\.yaml: cannot read: ENOENT/);
  });
});

describe('surge rules test', () => {
  const shipped = readFileSync('rules/tests/default.test.yaml', 'utf8').replace('ruleFiles: [../default.yaml]', `ruleFiles: [${resolve('rules/default.yaml')}]`);

  it('passes the shipped tests', async () => {
    expect(await run(['test', 'rules/tests/default.test.yaml'])).toBe(0);
    expect(stdout).toMatch(/^rules\/tests\/default\.test\.yaml\nok {3}voice queue climbs/);
    expect(stdout).toMatch(/\n18 passed, 0 failed\n$/);
  });

  it('fails a wrong expectation with a diff', async () => {
    const wrong = shipped.replace('- { at: 9m, level: red }', '- { at: 9m, level: black }');
    const path = file('wrong.test.yaml', wrong);
    const line = wrong.split('\n').findIndex((l) => l.includes('level: black }')) + 1;
    expect(await run(['test', path])).toBe(1);
    expect(stdout).toContain(
      [
        `FAIL voice queue climbs yellow → orange → red, then falls back with hysteresis  (${path}:10:5)`,
        `  at 9m: expected black, got red  (${path}:${line}:9)`,
        '  transitions that happened:',
        '    3m      voice-queue queue:hangzhou/voice: normal → yellow (rise)',
      ].join('\n'),
    );
    expect(stdout).toContain('    9m      voice-queue queue:hangzhou/voice: orange → red (rise)  serviceLevel.5m=45% waiting=12');
    expect(stdout).toMatch(/\n17 passed, 1 failed\n$/);
  });

  it('reports errors in a test file as file:line:col', async () => {
    const path = file('broken.test.yaml', shipped.replace('level: yellow }', 'level: amber }'));
    expect(await run(['test', path])).toBe(1);
    expect(stderr).toMatch(new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}:\\d+:26: unknown level "amber"`));
    expect(stdout).toBe('0 passed, 0 failed, 1 file with errors\n');
  });
});

describe('bin/surge.js', () => {
  it('runs `surge rules check` from source', () => {
    const result = spawnSync(process.execPath, ['bin/surge.js', 'rules', 'check', 'rules/default.yaml'], {
      env: { ...process.env, SURGE_FROM_SOURCE: '1' },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('ok: 11 rules in 1 file\n');
    expect(result.status).toBe(0);
  });
});
