import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../cli/simulate.js';
import { loadConfig } from '../config/load.js';
import { topologyOf } from '../stages/ingest/topology.js';
import { validateEvent } from '../stages/ingest/validate.js';

const CONFIG = fileURLToPath(new URL('../../surge.config.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'surge-simulate-'));
const START = '2025-03-04T10:00:00+08:00';

async function capture(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, err };
}

afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('surge simulate --out', () => {
  it('writes the same valid NDJSON for the same seed, starting at --start', async () => {
    const files = [join(dir, 'a.ndjson'), join(dir, 'b.ndjson')];
    for (const file of files) {
      const { code, err } = await capture(['--scenario', 'surge', '--out', file, '--duration', '600', '--start', START, '--seed', '4', '--config', CONFIG]);
      expect(code).toBe(0);
      expect(err).toMatch(/wrote \d+ events/);
    }
    const [a, b] = files.map((f) => readFileSync(f, 'utf8'));
    expect(a).toBe(b);
    const events = a!.trim().split('\n').map((l) => JSON.parse(l));
    const topology = topologyOf(loadConfig(CONFIG, {}));
    expect(events.filter((e) => !validateEvent(e, topology, { maxAgeSec: 0, maxFutureSkewSec: 0 }).ok)).toEqual([]);
    expect(events[0].ts).toBe(Date.parse(START));
    expect(events.at(-1).ts).toBeLessThanOrEqual(Date.parse(START) + 600_000);
  });
});

describe('surge simulate options', () => {
  const out = join(dir, 'x.ndjson');
  it.each([
    { args: ['--out', out, '--duration', '60'], message: '--scenario is required' },
    { args: ['--scenario', 'flood', '--out', out, '--duration', '60'], message: '--scenario must be one of normal, surge, outage' },
    { args: ['--scenario', 'normal', '--out', out], message: '--out needs --duration' },
    { args: ['--scenario', 'normal', '--out', out, '--duration', '60', '--speed', '5'], message: '--speed has no meaning with --out' },
    { args: ['--scenario', 'normal', '--token', 't'], message: '--target is required' },
    { args: ['--scenario', 'normal', '--target', 'http://127.0.0.1:1'], message: '--token is required' },
    { args: ['--scenario', 'normal', '--target', 'ftp://x', '--token', 't'], message: '--target must be an http(s) URL' },
    { args: ['--scenario', 'normal', '--target', 'http://x', '--token', 't', '--speed', '0'], message: '--speed must be a number > 0' },
    { args: ['--scenario', 'normal', '--target', 'http://x', '--token', 't', '--speed', '1e6'], message: 'at most 3600' },
    { args: ['--scenario', 'normal', '--out', out, '--duration', '60', '--load', '500'], message: '--load must be a number > 0 and at most 20' },
    { args: ['--scenario', 'normal', '--out', out, '--duration', '60', '--start', 'yesterday'], message: '--start must be epoch milliseconds' },
    { args: ['--scenario', 'normal', '--out', out, '--duration', '60', '--seed', '1.5'], message: '--seed must be a whole number' },
    { args: ['--scenario', 'normal', '--out', out, '--duration', '60', '--config', join(dir, 'missing.yaml')], message: 'cannot read' },
  ])('exits 2 with "$message"', async ({ args, message }) => {
    const { code, err } = await capture(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('surge simulate --target', () => {
  it('drives a server for --duration simulated seconds and exits 0', async () => {
    const received: string[] = [];
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const lines = body.split('\n').filter(Boolean);
      received.push(...lines);
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: lines.length, duplicates: 0, rejected: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv('LOG_LEVEL', 'silent');
    try {
      const { code } = await capture(['--scenario', 'normal', '--target', target, '--token', 'demo-ingest-token', '--duration', '60', '--speed', '600', '--config', CONFIG]);
      expect(code).toBe(0);
      expect(received.length).toBeGreaterThan(100);
      expect(new Set(received.map((l) => JSON.parse(l).id)).size).toBe(received.length);
    } finally {
      vi.unstubAllEnvs();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('surge simulate --help', () => {
  it('describes the scenarios the code runs: the surge steps and cycle, the outage share and times', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    expect(await run(['--help'])).toBe(0);
    vi.restoreAllMocks();
    const text = out.replace(/\s+/g, ' ');
    const { SURGE, OUTAGE } = await import('./scenarios.js');
    const steps = SURGE.steps.filter((s) => s.factor > 1).map((s) => `${s.factor}×`).join(', ');
    expect(text).toContain(`step up ${steps} over ${SURGE.steps.at(-1)!.atMs / 60_000} minutes, then back to 1×, every ${SURGE.cycleMs / 60_000} minutes`);
    expect(text).toContain(`loses ${OUTAGE.share * 100} % of its agents for ${OUTAGE.lastsMs / 60_000} of every ${OUTAGE.cycleMs / 60_000} minutes`);
  });
});
