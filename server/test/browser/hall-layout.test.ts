/**
 * The wall as a hall sees it, in Debian's Chromium at 1920×1080 and 3840×2160, in English and Chinese:
 * a fire at Wuhan re-routes voice and chat to Shanghai (two arrows between the same two centres), a
 * surge at Hangzhou and the fire each put up a plan banner (the banner area takes two lines). In every
 * case each element of a tile and of the flow panel lies inside its container, sibling labels do not
 * overlap, no hall text is cut short, the tiles keep their trend charts, and hall text is at least the
 * minimum sizes wallboard/README.md states (scaled with the viewport). Saves the screenshots.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { CENTRES, declareIncident, NO_BROWSER, screenshot, useSurge } from './support.js';
import { Traffic } from './traffic.js';
import { hallProblems } from './hall-checks.js';

const PLANS = `
plans:
  - name: fire-red
    level: red
    type: fire
    centres: [wuhan]
    actions:
      - reroute: { queue: voice, share: 30% }
      - reroute: { queue: chat, share: 20% }
      - banner: { text: "RED: fire at Wuhan, voice and chat re-routed to Shanghai" }
  - name: surge-yellow
    level: yellow
    type: traffic_surge
    actions:
      - banner: { text: "YELLOW: Hangzhou busy, keep calls short" }
`;

const prefix = uniquePrefix('browser-hall');
const traffic = new Traffic(prefix);
const surge = useSurge(prefix, () => [traffic.morning(CENTRES, { hangzhou: 3, shanghai: 0, wuhan: 1 })], () => ({ plans: PLANS }));

const declare = (type: string, centre: string, level: string) => declareIncident(surge.server.base, type, centre, level);

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;

describe.skipIf(NO_BROWSER !== null)('the wall at hall distance', () => {
  it('keeps every tile and the flow panel inside their boxes, legible, with both re-routes and the trends, in English and Chinese', async () => {
    const { server, browser } = surge;
    // Hangzhou first, so it is above normal and Shanghai is the one centre left to re-route to.
    await declare('traffic_surge', 'hangzhou', 'yellow');
    await declare('fire', 'wuhan', 'red');
    await waitUntil(async () => {
      const res = await api(server.base).get('/v1/routing', TOKENS.dispatcher);
      const body = (await res.json()) as { inForce: unknown[] };
      return body.inForce.length >= 2 || undefined;
    }, 'both re-routes in force');

    for (const lang of ['en', 'zh'] as const) {
      for (const size of SIZES) {
        const page: Page = await browser.newPage({ viewport: size });
        await page.goto(`${server.base}/wall?token=${TOKENS.display}&lang=${lang}`);
        await page.locator('[data-plan-banner]').nth(1).waitFor();
        await page.locator('path[data-route-from="wuhan"][data-route-to="shanghai"]').nth(1).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `wall-hall-${lang}-${size.width}x${size.height}`);

        expect(await page.locator('html').getAttribute('lang')).toBe(lang === 'zh' ? 'zh-CN' : 'en-GB');
        // Both re-routes from Wuhan to Shanghai drawn, every arrow with its own label.
        expect(await page.locator('path[data-route-from="wuhan"][data-route-to="shanghai"]').count()).toBe(2);
        const arrows = await page.locator('section[data-flow-panel] path[data-route-from]').count();
        expect(await page.locator('section[data-flow-panel] text.share').count()).toBe(arrows);
        for (const centre of CENTRES) expect(await page.locator(`article[data-centre="${centre}"] .trends`).isVisible(), `${centre}'s trends`).toBe(true);
        expect(await hallProblems(page)).toEqual([]);
        await page.close();
      }
    }
  }, 120_000);
});
