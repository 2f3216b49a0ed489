/**
 * The built-in demo as `npm start` runs it (`surge start` with surge.config.yaml and the normal
 * simulator), on a machine whose clock says 03:00 in the centres' zone: within its first minute
 * the wall shows every centre busy — contacts answered (a service level), agents staffed and
 * mostly occupied — because the simulator plays a demo day from 10:00 with a warm-up before it
 * (docs/demo.md), whatever the time. The clock is moved by server/testkit/shifted-clock.mjs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { localHour } from '../../simulator/daily-curve.js';
import { SurgeProcess, writeConfig } from '../../testkit/process.js';
import { removeKeys, uniquePrefix } from '../../testkit/redis.js';
import { CENTRES, ensureBuilt, launch, NO_BROWSER, screenshot } from './support.js';

const prefix = uniquePrefix('browser-demo');
const HOUR = 3_600_000;
/** The shift that puts this process's clock at 03:00 in Shanghai, the demo centres' zone: the dead of night. */
const NIGHT_SHIFT_MS = Math.round(((3 - localHour(Date.now(), 'Asia/Shanghai') + 24) % 24) * HOUR) - 24 * HOUR;

let surge: SurgeProcess;
let browser: Browser;
let startedAt: number;

describe.skipIf(NO_BROWSER)('the demo at night', () => {
  beforeAll(async () => {
    await ensureBuilt();
    browser = await launch();
    startedAt = Date.now();
    surge = await SurgeProcess.start(writeConfig([[['redis', 'prefix'], prefix]]), {
      SURGE_SIMULATE: 'normal',
      SURGE_CLOCK_SHIFT_MS: String(NIGHT_SHIFT_MS),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./server/testkit/shifted-clock.mjs`.trim(),
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await surge?.kill('SIGTERM');
    await removeKeys(prefix);
  });

  it('says the server runs at 03:00 in the centres’ zone', async () => {
    const res = await fetch(`${surge.base}/v1/metrics`, { headers: { authorization: 'Bearer demo-display-token' } });
    const { asOf } = (await res.json()) as { asOf: number };
    expect(Math.floor(localHour(asOf, 'Asia/Shanghai'))).toBe(3);
  });

  it('shows every centre busy within its first minute: contacts answered, agents staffed and occupied', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${surge.base}/wall?token=demo-display-token`);
    for (const centre of CENTRES) {
      const tile = page.locator(`article.tile[data-centre="${centre}"]`);
      const figure = (label: string) => tile.locator('.figure', { has: page.locator('.label', { hasText: label }) }).locator('.value').first();
      await expect.poll(() => figure('Service level').textContent(), { timeout: 60_000 - (Date.now() - startedAt) }).toMatch(/\d+%/);
      // The warm-up's events may still be arriving when the first figures show: poll, within the first minute.
      const agents = async () => {
        const [free, staffed] = ((await figure('Free / staffed').textContent()) ?? '').split('/').map((s) => Number(s.replace(/\D/g, '')));
        return { staffed: staffed!, freeShare: free! / staffed! };
      };
      await expect.poll(async () => (await agents()).staffed, { timeout: 60_000 - (Date.now() - startedAt) }).toBeGreaterThan(20);
      // At night the old demo had 147 of 149 agents free; a busy morning keeps most of them on contacts.
      await expect.poll(async () => (await agents()).freeShare, { timeout: 60_000 - (Date.now() - startedAt) }).toBeLessThan(0.5);
      expect(await figure('Abandoned').locator('xpath=..').locator('.note').textContent()).toMatch(/of [1-9]\d* · 15 min/);
    }
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    await screenshot(page, 'demo-at-night');
    await page.close();
  }, 70_000);
});
