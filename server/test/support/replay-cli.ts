/** replayJson runs `surge replay --json` as its own process over the given event lines, as of `at`, and returns what it printed. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricsByScope } from '../../stages/metrics/types.js';

export function replayJson(lines: string[], configFile: string, at: number): { events: number; scopes: MetricsByScope } {
  const file = join(mkdtempSync(join(tmpdir(), 'surge-replay-')), 'events.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return JSON.parse(
    execFileSync(process.execPath, ['bin/surge.js', 'replay', file, '--config', configFile, '--at', String(at), '--json'], {
      env: { ...process.env, SURGE_FROM_SOURCE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    }).toString(),
  ) as { events: number; scopes: MetricsByScope };
}
