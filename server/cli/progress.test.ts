import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine, REDRAW_MS } from './progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe('progressLine', () => {
  it('draws on a terminal, at most once per REDRAW_MS, and clears the line at the end', () => {
    const { stream, written } = fakeStream(true);
    let now = 1_000;
    const line = progressLine(stream, () => now);
    line.show('reading events', 0, 400);
    line.show('reading events', 100, 400); // too soon: skipped
    now += REDRAW_MS;
    line.show('reading events', 200, 400);
    now += REDRAW_MS;
    line.show('stepping', 5, 0); // a total of 0 reads 0%, never NaN
    line.end();
    expect(written).toEqual(['\r\x1b[Kreading events 0%', '\r\x1b[Kreading events 50%', '\r\x1b[Kstepping 0%', '\r\x1b[K']);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const line = progressLine(stream, () => 0);
    line.show('reading events', 1, 2);
    line.end();
    expect(written).toEqual([]);
  });

  it('leaves the line alone at the end when nothing was drawn', () => {
    const { stream, written } = fakeStream(true);
    progressLine(stream, () => 0).end();
    expect(written).toEqual([]);
  });
});

// util-linux `script` runs a command on a pseudo-terminal, as a person at a terminal would.
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('surge simulate --out', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'surge-progress-')), 'day.ndjson');
  const cli = `'${process.execPath}' bin/surge.js simulate --scenario normal --out '${out}' --duration 3600 --start 2026-11-23T08:00:00Z`;
  const env = { ...process.env, SURGE_FROM_SOURCE: '1' };

  it.runIf(hasScript)('shows progress on a terminal', () => {
    const r = spawnSync('script', ['-qec', cli, '/dev/null'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\r\x1b\[Ksurge simulate: writing .*day\.ndjson \d+%/);
    expect(r.stdout).toMatch(/surge simulate: wrote \d+ events/);
  });

  it('shows none when stderr is a pipe', () => {
    const r = spawnSync('bash', ['-c', cli], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^surge simulate: wrote \d+ events \(run \w+\) to .*day\.ndjson\n$/);
  });
});
