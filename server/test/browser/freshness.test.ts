/**
 * A silent feed in Debian's Chromium against a real server and Redis (DESIGN.md "Freshness of
 * sources"): three centres kept alive by a bridge's heartbeats; Wuhan's stop. Within
 * silentAfterSec + 1 s the Wuhan tile says "NO DATA FOR m:ss" (counting up, figures greyed), the
 * wall's header stops saying LIVE and names Wuhan, and an equipment-failure incident opens, shown
 * on the control screen beside Wuhan marked silent; Hangzhou and Shanghai stay live throughout.
 * Saves the stale wall at 1920×1080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, removeKeys, TOKENS, uniquePrefix } from '../support/env.js';
import { CENTRES, ensureBuilt, launch, NO_BROWSER, screenshot, signInWithToken, startSurge } from './support.js';
import { Traffic } from './traffic.js';

const SILENT_AFTER_SEC = 3;
// The shipped rule waits 90 s; this one raises the same incident once the test's feed is silent.
const FEED_RULE = `
  - name: quick-feed-silent
    scope: centre:*
    type: equipment_failure
    clear: 1s
    orange: { when: sourceSilentSec >= ${SILENT_AFTER_SEC}s, for: 0s }
`;

const prefix = uniquePrefix('browser-freshness');
const traffic = new Traffic(prefix);
let server: Awaited<ReturnType<typeof startSurge>>;
let browser: Browser;

/** A CTI bridge posting a heartbeat for each of its centres every 500 ms; `silence` stops one. */
class Bridge {
  private readonly alive = new Set<string>(CENTRES);
  private timer?: NodeJS.Timeout;
  private n = 0;
  /** Source time of the last heartbeat sent per centre. */
  readonly lastSent = new Map<string, number>();

  /** start resolves once the first heartbeats are in. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), 500);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  silence(centre: string): number {
    this.alive.delete(centre);
    return this.lastSent.get(centre) ?? 0;
  }

  private async beat(): Promise<void> {
    const ts = Date.now();
    const lines = [...this.alive].map((centre) => JSON.stringify({ id: `${prefix}-hb-${++this.n}`, type: 'source.heartbeat', ts, centre, source: 'cti-bridge' }));
    const res = await api(server.base).postEvents(lines.join('\n'));
    if (res.ok) for (const centre of this.alive) this.lastSent.set(centre, ts);
  }
}
const bridge = new Bridge();

const tile = (page: Page, centre: string) => page.locator(`article[data-centre="${centre}"]`);

describe.skipIf(NO_BROWSER !== null)('a silent feed in a browser', () => {
  beforeAll(async () => {
    await ensureBuilt();
    server = await startSurge(prefix, {
      moreRules: FEED_RULE,
      configure: (c) => {
        for (const centre of c.centres) centre.silentAfterSec = SILENT_AFTER_SEC;
      },
    });
    // Heartbeats first: the morning's newest event is 5 s old, which alone would read as silence.
    await bridge.start();
    await api(server.base).postEvents(traffic.morning(CENTRES, { hangzhou: 2, shanghai: 1, wuhan: 1 }));
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    bridge.stop();
    await browser?.close();
    await server?.stop();
    await removeKeys(prefix);
  });

  it('turns a centre whose feed stops stale within silentAfterSec + 1 s and raises its incident, while the others stay live', async () => {
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.base}/wall?token=${TOKENS.display}`);
    await wall.locator('header .conn[data-freshness="live"]').waitFor({ timeout: 10_000 });
    for (const centre of CENTRES) expect(await tile(wall, centre).locator('.stale-tag').count()).toBe(0);

    const stoppedAt = bridge.silence('wuhan');
    const tag = tile(wall, 'wuhan').locator('.stale-tag', { hasText: /^NO DATA FOR 0:0\d$/ });
    await tag.waitFor({ timeout: Math.max(0, stoppedAt + (SILENT_AFTER_SEC + 1) * 1000 - Date.now()) });
    expect(await tile(wall, 'wuhan').getAttribute('class')).toContain('stale');

    // The header names Wuhan, and only Wuhan; the other tiles stay live.
    const header = wall.locator('header .conn');
    expect(await header.getAttribute('data-freshness')).toBe('silent');
    expect(await header.textContent()).toMatch(/NO DATA — Wuhan \d:\d\d$/);
    for (const centre of ['hangzhou', 'shanghai']) expect(await tile(wall, centre).locator('.stale-tag').count()).toBe(0);

    // The count goes up on screen between pushes of the server's figures.
    const seconds = async () => Number((await tag.textContent())?.match(/0:(\d\d)$/)?.[1]);
    const first = await seconds();
    await wall.waitForFunction(
      (before) => Number(document.querySelector('article[data-centre="wuhan"] .stale-tag')?.textContent?.match(/0:(\d\d)$/)?.[1]) >= before + 2,
      first,
    );

    // The feed-silent rule raised an equipment failure for Wuhan.
    await wall.locator('.banner[data-incident]', { hasText: 'Equipment / network failure · Wuhan' }).waitFor();
    expect(await tile(wall, 'wuhan').getAttribute('data-level')).toBe('orange');
    await screenshot(wall, 'wall-stale-1920x1080');

    const control = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await control.goto(`${server.base}/control`);
    await signInWithToken(control, TOKENS.dispatcher);
    await control.locator('.control .conn[data-freshness="silent"]', { hasText: 'Wuhan' }).waitFor();
    await control.locator('button.row[data-incident]', { hasText: 'Equipment / network failure · Wuhan' }).waitFor();
    const silentRows = control.locator('tr.centre[data-silent]');
    await silentRows.first().waitFor();
    expect(await silentRows.count()).toBe(1);
    expect(await silentRows.textContent()).toMatch(/Wuhan.*NO DATA FOR \d:\d\d/);
    await screenshot(control, 'control-stale');

    // Hangzhou and Shanghai, still beating, never turned stale nor raised anything.
    for (const centre of ['hangzhou', 'shanghai']) expect(await tile(wall, centre).locator('.stale-tag').count()).toBe(0);
    expect(await control.locator('button.row[data-incident]', { hasText: /Equipment \/ network failure · (Hangzhou|Shanghai)/ }).count()).toBe(0);
    await control.close();

    // A second centre falls silent: the header says how many (each tile says its own), and the clock stays on screen.
    const alsoStoppedAt = bridge.silence('shanghai');
    await tile(wall, 'shanghai').locator('.stale-tag').waitFor({ timeout: Math.max(0, alsoStoppedAt + (SILENT_AFTER_SEC + 1) * 1000 - Date.now()) });
    await wall.locator('header .conn[data-freshness="silent"]', { hasText: 'NO DATA — 2 centres' }).waitFor();
    const clock = await wall.locator('header .clock').boundingBox();
    expect(clock && clock.x >= 0 && clock.x + clock.width <= 1920).toBe(true);
    await screenshot(wall, 'wall-two-silent-1920x1080');
    await wall.close();
  }, 90_000);
});
