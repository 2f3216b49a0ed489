/**
 * /wall in Debian's Chromium against a real server and Redis: the three centres with live figures,
 * a surge turning a tile's level (with the plan's banner beneath the incident), the disconnected
 * marker when the server stops and recovery without a reload when it comes back on the same port,
 * and "not updating" while the pipeline's steps fail (the socket still open and pinging).
 * Saves 1080p and 4K screenshots.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createKeys } from '../../platform/redis/keys.js';
import { api, REDIS_URL, removeKeys, TOKENS, uniquePrefix } from '../support/env.js';
import { CENTRES, ensureBuilt, launch, NO_BROWSER, portFree, screenshot, startSurge } from './support.js';
import { Traffic } from './traffic.js';

const prefix = uniquePrefix('browser-wall');
const traffic = new Traffic(prefix);
/** The server running now; undefined while it is stopped. */
let server: Awaited<ReturnType<typeof startSurge>> | undefined;
const base = () => server!.base;
let browser: Browser;

/** The tile of a centre, its level badge and a named figure. */
const tile = (page: Page, centre: string) => page.locator(`article[data-centre="${centre}"]`);
const badgeText = async (page: Page, centre: string) => (await tile(page, centre).locator('.band .badge').textContent())?.replace(/\s+/g, ' ').trim();
const figure = (page: Page, centre: string, label: string) => tile(page, centre).locator('.figure', { has: page.locator('.label', { hasText: new RegExp(`^${label}$`) }) }).locator('.value');
const freshness = (page: Page) => page.locator('header .conn').getAttribute('data-freshness');

describe.skipIf(NO_BROWSER !== null)('the wall in a browser', () => {
  beforeAll(async () => {
    await ensureBuilt();
    server = await startSurge(prefix);
    await api(base()).postEvents(traffic.morning(CENTRES, { hangzhou: 2, shanghai: 1, wuhan: 0 }));
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await removeKeys(prefix);
  });

  it('shows the three centres with live figures, turns a surging centre orange, and survives a server restart', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${base()}/wall?token=${TOKENS.display}`);

    await page.locator('header .conn[data-freshness="live"]').waitFor();
    for (const centre of CENTRES) await tile(page, centre).waitFor();
    expect(await page.locator('article[data-centre]').count()).toBe(3);
    await page.waitForFunction(() => document.querySelector('article[data-centre="hangzhou"] .hero .value')?.textContent === '2');
    expect(await figure(page, 'hangzhou', 'Waiting').textContent()).toBe('2');
    expect(await figure(page, 'shanghai', 'Waiting').textContent()).toBe('1');
    expect(await figure(page, 'wuhan', 'Waiting').textContent()).toBe('0');
    expect(await figure(page, 'wuhan', 'Free / staffed').textContent()).toBe('8 / 8');
    expect(await badgeText(page, 'wuhan')).toBe('NORMAL');

    // Six voice calls waiting cross the quick rule's orange threshold (waiting >= 6).
    await api(base()).postEvents(traffic.surge('wuhan', 6));
    await tile(page, 'wuhan').locator('.band .badge', { hasText: 'ORANGE' }).waitFor({ timeout: 2_000 });
    expect(await badgeText(page, 'wuhan')).toBe('LEVEL 2 ORANGE');
    expect(await tile(page, 'wuhan').getAttribute('data-level')).toBe('orange');
    expect(await badgeText(page, 'hangzhou')).toBe('NORMAL');
    await page.locator('.banner[data-incident]', { hasText: 'Traffic surge · Wuhan' }).waitFor();
    // The shipped surge plans put their banner up beneath the incident (yellow's, then orange's).
    await page.locator('[data-plan-banner]', { hasText: /YELLOW: traffic above plan|ORANGE: home-based standby agents called in/ }).waitFor();
    await screenshot(page, 'wall-1920x1080');

    const big = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    await big.goto(`${base()}/wall?token=${TOKENS.display}`);
    await tile(big, 'wuhan').locator('.band .badge', { hasText: 'ORANGE' }).waitFor();
    await screenshot(big, 'wall-3840x2160');
    await big.close();

    // Stop the server: the wall says so, with the age of what it shows, and keeps the figures.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const port = server!.port;
    const stopping = server;
    server = undefined;
    await stopping!.stop();
    await page.locator('header .conn[data-freshness="disconnected"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('header .conn').textContent()).toMatch(/DISCONNECTED — data \d+ s old/);
    expect(await tile(page, 'wuhan').locator('.stale-tag').textContent()).toMatch(/DISCONNECTED · data \d+ s old/);
    expect(await figure(page, 'hangzhou', 'Waiting').textContent()).toBe('2');
    await screenshot(page, 'wall-disconnected');

    // Back on the same port (once the old connections' TIME_WAIT lets it bind): the page
    // reconnects by itself with its backoff, no reload.
    await portFree(port);
    server = await startSurge(prefix, { port });
    await page.locator('header .conn[data-freshness="live"]').waitFor({ timeout: 20_000 });
    expect(await freshness(page)).toBe('live');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await tile(page, 'wuhan').locator('.stale-tag').count()).toBe(0);
    expect(await badgeText(page, 'wuhan')).toBe('LEVEL 2 ORANGE');
    expect(await figure(page, 'hangzhou', 'Waiting').textContent()).toBe('2');
    await page.close();
  }, 240_000);

  it('runs inside the screens\' Content Security Policy: nothing refused, no error on the console', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    // The wallboard's bundle once carried the config's schemas (zod), whose probe for eval() the policy refused on every load.
    await page.addInitScript(() => {
      const refused: string[] = [];
      (window as unknown as { refused: string[] }).refused = refused;
      document.addEventListener('securitypolicyviolation', (e) => refused.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    for (const path of [`/wall?token=${TOKENS.display}`, '/control']) {
      await page.goto(`${base()}${path}`);
      await page.locator('header .conn[data-freshness="live"], form').first().waitFor();
      expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused), path).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says "not updating" while the pipeline commits nothing, and goes live again once it does', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${base()}/wall?token=${TOKENS.display}`);
    await page.locator('header .conn[data-freshness="live"]').waitFor();
    // A real failure: the figures hash overwritten with a string, so every step's commit is refused (WRONGTYPE).
    const redis = new Redis(REDIS_URL);
    const metricsKey = createKeys(prefix).metrics();
    try {
      await redis.set(metricsKey, 'not a hash');
      await api(base()).postEvents(traffic.surge('shanghai', 1));
      // The server's ping says so once nothing was committed for 10 s (pings come every 10 s).
      await page.locator('header .conn[data-freshness="stale"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('header .conn').textContent()).toMatch(/NOT UPDATING — data \d+ s old/);
      expect(await tile(page, 'shanghai').locator('.stale-tag').textContent()).toMatch(/NOT LIVE · data \d+ s old/);
      await screenshot(page, 'wall-not-updating');
    } finally {
      await redis.del(metricsKey);
      redis.disconnect();
    }
    await page.locator('header .conn[data-freshness="live"]').waitFor({ timeout: 10_000 });
    expect(await tile(page, 'shanghai').locator('.stale-tag').count()).toBe(0);
    await page.close();
  }, 60_000);
});
