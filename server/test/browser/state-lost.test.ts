/**
 * FLUSHALL under open screens, in Debian's Chromium against a real server on a private
 * redis-server (so no other test's keys are wiped): the wall drops the black fire it showed, and
 * the control screen says in red that Redis lost its state, until the dispatcher dismisses it.
 * Saves screenshots of both.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, TOKENS } from '../support/env.js';
import { RedisProcess } from '../../testkit/redis-process.js';
import { CENTRES, ensureBuilt, launch, NO_BROWSER, screenshot, signInWithToken, startSurge } from './support.js';
import { Traffic } from './traffic.js';

const traffic = new Traffic('browser-state-lost');
let redis: RedisProcess;
let server: Awaited<ReturnType<typeof startSurge>>;
let browser: Browser;

describe.skipIf(NO_BROWSER !== null)('Redis losing its state under open screens', () => {
  beforeAll(async () => {
    await ensureBuilt();
    redis = await RedisProcess.start({ persistent: false });
    server = await startSurge('state-lost', { configure: (c) => (c.redis.url = redis.url) });
    await api(server.base).postEvents(traffic.morning(CENTRES, { hangzhou: 1, shanghai: 0, wuhan: 2 }));
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await redis?.destroy();
  });

  it('the wall drops the old emergency and the control screen shows a notice until dismissed', async () => {
    const declared = await fetch(`${server.base}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'fire', centre: 'wuhan', level: 'black', note: 'smoke on floor 2' }),
    });
    expect(declared.status).toBe(201);
    const { incident } = (await declared.json()) as { incident: { id: string } };

    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.base}/wall?token=${TOKENS.display}`);
    const banner = wall.locator(`.banner[data-incident="${incident.id}"]`);
    await banner.waitFor();
    await wall.locator(`[data-plan-banner][data-incident="${incident.id}"]`, { hasText: 'BLACK: centre closed by fire' }).waitFor();
    await wall.locator('article[data-centre="wuhan"][data-level="black"]').waitFor();

    const control = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await control.goto(`${server.base}/control`);
    await signInWithToken(control, TOKENS.dispatcher);
    await control.locator('button.row[data-incident]', { hasText: 'Fire · Wuhan' }).waitFor();
    expect(await control.getByTestId('state-lost').count()).toBe(0);

    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();

    // The wall: no incident, no plan banner, Wuhan no longer black.
    await wall.locator('.banner.quiet', { hasText: 'No open incident' }).waitFor({ timeout: 10_000 });
    expect(await wall.locator('[data-plan-banner]').count()).toBe(0);
    expect(await wall.locator('article[data-centre="wuhan"]').getAttribute('data-level')).toBe('normal');
    await screenshot(wall, 'wall-after-redis-state-lost');

    // The control screen: a red notice with the time of the loss; the incident list is empty.
    const notice = control.getByTestId('state-lost');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.locator('strong').textContent()).toMatch(/^Redis lost its state at \d\d:\d\d — figures and incidents restart$/);
    expect(await control.locator('button.row[data-incident]').count()).toBe(0);
    await screenshot(control, 'control-redis-state-lost');
    // It stays (news keeps coming) until dismissed.
    await api(server.base).postEvents(traffic.surge('hangzhou', 1));
    await control.waitForTimeout(1500);
    expect(await notice.count()).toBe(1);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    expect(await control.getByTestId('state-lost').count()).toBe(0);
  }, 90_000);
});
