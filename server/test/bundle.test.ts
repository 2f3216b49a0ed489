/**
 * The bundle `surge` runs from a build (scripts/bundle-server.mjs, dist/surge/): the other process tests run
 * the sources, so this one runs what users and the Docker image run — through bin/surge.js, and as the
 * image's command — and checks it works end to end: the native uWebSockets.js, an event through ingest's
 * script, the pipeline and the figures, and a command loaded from a chunk of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurgeProcess, writeConfig } from '../testkit/process.js';
import { api, removeKeys, uniquePrefix, waitUntil } from './support/env.js';

const BUNDLE = join('dist', 'surge', 'main.js');
const prefix = uniquePrefix('bundle');
const processes: SurgeProcess[] = [];
afterAll(async () => {
  for (const p of processes) await p.kill('SIGTERM');
  await removeKeys(prefix);
});

beforeAll(() => {
  // CI builds before testing; a checkout tested without a build builds here.
  if (existsSync(BUNDLE)) return;
  const built = spawnSync('npm', ['run', '--silent', 'build:server'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build:server failed:\n${built.stdout}${built.stderr}`);
}, 180_000);

describe('the bundled server', () => {
  it('runs from bin/surge.js: native uWebSockets.js, and an event posted shows in the figures', async () => {
    const surge = await SurgeProcess.start(writeConfig([[['redis', 'prefix'], prefix]]), { SURGE_FROM_SOURCE: '0' });
    processes.push(surge);
    const health = (await (await fetch(`${surge.base}/healthz`)).json()) as { uws: { backend: string } };
    expect(health.uws.backend).toBe('native');
    const client = api(surge.base);
    const now = Date.now();
    const events = [1, 2].map((n) => JSON.stringify({ id: `${prefix}-q${n}`, type: 'contact.queued', ts: now, centre: 'hangzhou', contactId: `c${n}`, queue: 'voice', media: 'voice' }));
    const posted = await client.postEvents(events.join('\n'));
    expect(posted.status).toBe(202);
    expect(await posted.json()).toMatchObject({ accepted: 2 });
    const waiting = await waitUntil(async () => {
      const metrics = (await (await client.get('/v1/metrics')).json()) as { scopes: Record<string, { waiting: number }> };
      const figure = metrics.scopes['queue:hangzhou/voice']?.waiting;
      return figure === 2 ? figure : undefined;
    }, 'the bundle to show the posted contacts waiting', 20_000);
    expect(waiting).toBe(2);
    const status = (await (await client.get('/v1/status')).json()) as { instance: string; pipelineOwner: string };
    expect(status.pipelineOwner).toBe(status.instance);
  });

  it("runs as the image's command, `node dist/surge/main.js`: `config check` (a chunk of its own) names the bad line", () => {
    const bad = join(tmpdir(), `${prefix.replace(/[^\w-]/g, '_')}.yaml`);
    writeFileSync(bad, 'server:\n  port: many\n');
    const run = spawnSync(process.execPath, [BUNDLE, 'config', 'check', bad], { encoding: 'utf8' });
    rmSync(bad);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(new RegExp(`${bad.replace(/[.]/g, '\\.')}:2`));
  });
});
