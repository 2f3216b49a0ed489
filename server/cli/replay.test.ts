import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const surge = (args: string[]) =>
  execFileSync(process.execPath, ['bin/surge.js', ...args], { env: { ...process.env, SURGE_FROM_SOURCE: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('surge replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'surge-replay-'));

  it('prints the hand-computed figures of the small fixture', () => {
    const out = JSON.parse(surge(['replay', 'server/test/fixtures/small-events.ndjson', '--config', 'server/test/fixtures/small-config.yaml', '--at', '2026-11-23T10:04:00Z', '--json']));
    expect(out.events).toBe(20);
    expect(out.scopes['queue:c1/voice'].windows['15m']).toMatchObject({ offered: 5, abandonRate: 0.25, asaSec: 20, ahtSec: 175 });
  });

  it('prints full precision with --json and rounds only in the table (ASA 26.25 → 26.3s)', () => {
    const events = join(dir, 'asa.ndjson');
    const t0 = Date.parse('2026-11-23T10:00:00Z');
    const waits = [20, 25, 30, 30]; // mean 26.25 s
    const lines = waits.flatMap((w, i) => [
      { id: `q${i}`, type: 'contact.queued', ts: t0, centre: 'c1', contactId: `k${i}`, queue: 'voice', media: 'voice' },
      { id: `a${i}`, type: 'contact.answered', ts: t0 + w * 1000, centre: 'c1', contactId: `k${i}`, queue: 'voice', agentId: `g${i}` },
    ]);
    writeFileSync(events, lines.map((l) => JSON.stringify(l)).join('\n'));
    const args = ['replay', events, '--config', 'server/test/fixtures/small-config.yaml'];
    const json = JSON.parse(surge([...args, '--json']));
    expect(json.scopes['queue:c1/voice'].windows['15m'].asaSec).toBe(26.25);
    const row = surge(args).split('\n').find((l) => l.startsWith('queue:c1/voice'));
    expect(row).toMatch(/ 26\.3s /);
    expect(row).not.toMatch(/26\.25/);
  });

  it('back-tests rules and plans: the transitions, incidents and plan jobs the live pipeline would have produced', () => {
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, 'rules:\n  - name: busy\n    scope: queue:*/voice\n    clear: 30s\n    yellow: { when: waiting >= 2, for: 10s }\n');
    const plans = join(dir, 'plans.yaml');
    writeFileSync(plans, 'plans:\n  - name: calm\n    level: yellow\n    actions:\n      - banner: { text: busy }\n');
    const out = JSON.parse(surge(['replay', 'server/test/fixtures/small-events.ndjson', '--config', 'server/test/fixtures/small-config.yaml', '--rules', rules, '--plans', plans, '--at', '2026-11-23T10:10:00Z', '--json']));
    // k1–k4 queue at 10:00:00–03 (2 waiting from 10:00:01); k2 abandons at :04, k1 answered at :10 → 2 wait until :32.
    expect(out.transitions.map((t: { at: number; from: string; to: string }) => [new Date(t.at).toISOString().slice(11, 19), t.from, t.to])).toEqual([
      ['10:00:11', 'normal', 'yellow'],
      ['10:01:02', 'yellow', 'normal'],
    ]);
    expect(out.incidents).toHaveLength(1);
    expect(out.incidents[0]).toMatchObject({ id: 'INC-20261123-replay-0001', centre: 'c1', peakLevel: 'yellow', state: 'resolved' });
    expect(out.incidents[0].timeline.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'scope', 'level', 'scope', 'level', 'resolved']);
    // The banner goes up with yellow and comes down when the level falls back to normal.
    expect(out.planIntents).toEqual([
      { job: 'action', key: 'INC-20261123-replay-0001:yellow:calm:0', incidentId: 'INC-20261123-replay-0001', level: 'yellow' },
      { job: 'undo', key: 'INC-20261123-replay-0001:yellow:calm:0', incidentId: 'INC-20261123-replay-0001', level: 'yellow' },
    ]);
    const text = surge(['replay', 'server/test/fixtures/small-events.ndjson', '--config', 'server/test/fixtures/small-config.yaml', '--rules', rules, '--plans', plans, '--at', '2026-11-23T10:10:00Z']);
    expect(text).toMatch(/plan jobs \(2\):\n  action INC-20261123-replay-0001:yellow:calm:0\n  undo   INC-20261123-replay-0001:yellow:calm:0\n/);
  });

  it('steps each group of events at its own time, and only those up to --at', () => {
    const rules = join(dir, 'at-once.yaml');
    writeFileSync(rules, 'rules:\n  - name: busy\n    scope: queue:*/voice\n    yellow: { when: waiting >= 2 }\n');
    const replayUntil = (at: string) =>
      JSON.parse(surge(['replay', 'server/test/fixtures/small-events.ndjson', '--config', 'server/test/fixtures/small-config.yaml', '--rules', rules, '--at', at, '--json']));
    // The second call joins the queue at 10:00:01.
    expect(replayUntil('2026-11-23T10:00:00.999Z')).toMatchObject({ transitions: [], incidents: [] });
    expect(replayUntil('2026-11-23T10:00:01Z').transitions.map((t: { at: number; to: string }) => [new Date(t.at).toISOString(), t.to])).toEqual([['2026-11-23T10:00:01.000Z', 'yellow']]);
  });

  it('reports a bad plan file with file:line:col, and --plans without --rules, with exit 1', () => {
    const plans = join(dir, 'bad-plans.yaml');
    writeFileSync(plans, 'plans:\n  - name: loud\n    level: yellow\n    actions:\n      - notify: { group: nobody, template: level-alert }\n');
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, 'rules:\n  - name: busy\n    scope: queue:*/voice\n    yellow: { when: waiting >= 2 }\n');
    const failure = (args: string[]) => {
      try {
        surge(['replay', 'server/test/fixtures/small-events.ndjson', '--config', 'server/test/fixtures/small-config.yaml', ...args]);
      } catch (err) {
        return err as { status: number; stderr: string };
      }
      return undefined;
    };
    const bad = failure(['--rules', rules, '--plans', plans]);
    expect(bad?.status).toBe(1);
    expect(bad?.stderr).toMatch(new RegExp(`${plans}:5:\\d+: .*nobody`));
    const lone = failure(['--plans', plans]);
    expect(lone?.status).not.toBe(0);
    expect(lone?.stderr).toMatch(/--plans needs --rules/);
  });

  it('reports a bad rule file with file:line:col and exit 1', () => {
    const rules = join(dir, 'bad.yaml');
    writeFileSync(rules, 'rules:\n  - name: typo\n    scope: all\n    yellow: { when: waitng > 3 }\n');
    let failure: { status: number; stderr: string } | undefined;
    try {
      surge(['replay', 'server/test/fixtures/small-events.ndjson', '--config', 'server/test/fixtures/small-config.yaml', '--rules', rules]);
    } catch (err) {
      failure = err as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toMatch(new RegExp(`${rules}:4:21: unknown metric "waitng"`));
  });

  it('names the line of a bad event and refuses a missing file', () => {
    const events = join(dir, 'events.ndjson');
    writeFileSync(events, '{"id":"a","type":"contact.queued","ts":1795400000000,"centre":"c1","contactId":"k","queue":"voice","media":"voice"}\n{"id":"b","type":"bogus"}\n');
    const r = (() => {
      try {
        return { out: surge(['replay', events, '--config', 'server/test/fixtures/small-config.yaml']), status: 0 };
      } catch (err) {
        return { out: '', status: (err as { status: number }).status };
      }
    })();
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/1 events, 0 duplicates, 1 skipped/);
    expect(() => surge(['replay', join(dir, 'missing.ndjson'), '--config', 'server/test/fixtures/small-config.yaml'])).toThrow(/cannot read/);
  });

  it('ends quietly when its reader has gone (| head): no EPIPE stack trace', () => {
    const events = join(dir, 'long.ndjson');
    const t0 = Date.parse('2026-11-23T10:00:00Z');
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `q${i}`, type: 'contact.queued', ts: t0 + i * 100, centre: 'c1', contactId: `k${i}`, queue: 'voice', media: 'voice' }));
    writeFileSync(events, lines.join('\n'));
    const cli = `SURGE_FROM_SOURCE=1 '${process.execPath}' bin/surge.js replay '${events}' --config server/test/fixtures/small-config.yaml --json`;
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${cli} | true`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|at .*\(/);
    expect(r.status).toBe(0);
  });
});
