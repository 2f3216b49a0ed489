// Issue #13 acceptance, offline half: the director's panorama from `surge replay --json`, checked
// against the hand computation in server/test/support/panorama.ts (the live half: server/test/panorama.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectPanorama, PANORAMA_COSTS, panoramaEvents, READ_AFTER_MS } from '../test/support/panorama.js';

const CONFIG = `centres:
  - id: hangzhou
    region: east
    timezone: Asia/Shanghai
    queues:
      - { id: voice, media: voice }
      - { id: chat, media: chat }
  - id: shanghai
    region: east
    timezone: Asia/Shanghai
    queues:
      - { id: voice, media: voice }
costs: ${JSON.stringify(PANORAMA_COSTS)}
`;

describe('surge replay --json: the director’s panorama', () => {
  it('prints every panorama figure as hand-computed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-panorama-'));
    const base = Date.parse('2026-11-23T02:00:00Z'); // 10:00 in Hangzhou
    writeFileSync(join(dir, 'surge.yaml'), CONFIG);
    writeFileSync(join(dir, 'events.ndjson'), panoramaEvents(base, 'p').map((e) => JSON.stringify(e)).join('\n'));
    const out = execFileSync(
      process.execPath,
      ['bin/surge.js', 'replay', join(dir, 'events.ndjson'), '--config', join(dir, 'surge.yaml'), '--at', String(base + READ_AFTER_MS), '--json'],
      { env: { ...process.env, SURGE_FROM_SOURCE: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const report = JSON.parse(out);
    expect(report.skipped).toBe(0);
    expectPanorama(report.scopes, base);
    // Today holds the same events (10:00 local, one day).
    expect(report.scopes['centre:hangzhou'].windows.today.fcr).toBe(2 / 3);
  });
});
