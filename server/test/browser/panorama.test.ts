/**
 * The director's panorama on the screens, in Debian's Chromium against a real server and Redis, fed
 * the hand-computed panorama events (server/test/support/panorama.ts: centre hangzhou in region
 * east with shanghai, skills voice, chat and billing):
 * - the wall's KPI strip shows the hall's configured figures in the configured order, each against
 *   its goal; restarted with another list and order, the wall follows it;
 * - the control screen's panorama table opens from the region to its centres, and from a centre
 *   to its queues and skills, with each figure at its precision and goal colour, "—" where nothing
 *   was measured; and closes again. Nothing overlaps or needs sideways scrolling at 1080p or 4K.
 */
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, removeKeys, TOKENS, uniquePrefix } from '../support/env.js';
import { PANORAMA_COSTS, panoramaEvents, READ_AFTER_MS } from '../support/panorama.js';
import { screensSchema } from '../../stages/push/screens-config.js';
import { ensureBuilt, launch, NO_BROWSER, screenshot, signInWithToken, startSurge, type Surge } from './support.js';
import { controlProblems, hallProblems } from './hall-checks.js';

const prefix = uniquePrefix('browser-panorama');
const base = Date.now() - READ_AFTER_MS;

/** The hall's strip before and after the config changes: another order, one figure dropped, one added. */
const FIRST = ['fcr.15m', 'backlog.open', 'connectRate.15m', 'costPerContact.15m'];
const SECOND = ['costPerContact.15m', 'attendance.rate', 'fcr.15m'];

// Hand-computed in support/panorama.ts: the centre's cost is 2.416 CNY over 8 costed contacts.
const centreCostPerContact = (0.7 + 0.7 + 0.45 + 0.5 + 2 * 0.018 + 2 * 0.015) / 8;
const cny = (n: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);

function start(kpis: string[]): Promise<Surge> {
  return startSurge(prefix, {
    configure: (c) => {
      c.costs = { currency: PANORAMA_COSTS.currency, channels: { ...c.costs.channels, ...PANORAMA_COSTS.channels } };
      for (const centre of c.centres) if (centre.id === 'hangzhou' || centre.id === 'shanghai') centre.region = 'east';
      c.screens = screensSchema.parse({ halls: { lobby: { kpis } } });
    },
  });
}

let server: Surge | undefined;
let browser: Browser;

beforeAll(async () => {
  await ensureBuilt();
  server = await start(FIRST);
  const res = await api(server.base).postEvents(panoramaEvents(base, prefix).map((e) => JSON.stringify(e)).join('\n'));
  if (!res.ok) throw new Error(`events refused: HTTP ${res.status} ${await res.text()}`);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await removeKeys(prefix);
});

/** The wall's strip as shown: each figure's name, value and verdict, in order. */
async function strip(page: Page): Promise<{ name: string | null; value: string; verdict: string | null }[]> {
  return page.locator('[data-kpi-strip] [data-kpi]').evaluateAll((els) =>
    els.map((el) => ({ name: el.getAttribute('data-kpi'), value: el.querySelector('.value')?.textContent?.trim() ?? '', verdict: el.getAttribute('data-verdict') })),
  );
}

const row = (page: Page, scope: string) => page.locator(`table[data-panorama] tr[data-scope="${scope}"]`);
const cell = (page: Page, scope: string, figure: string) => row(page, scope).locator(`td[data-figure="${figure}"]`);
const toggle = (page: Page, scope: string) => row(page, scope).locator('button.toggle');

describe.skipIf(NO_BROWSER !== null)('the panorama on the screens', () => {
  it('the wall shows the hall strip in the config order against its goals, and follows a changed config', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server!.base}/wall?token=${TOKENS.display}&hall=lobby`);
    await page.locator('[data-kpi="fcr.15m"] .value', { hasText: '67%' }).waitFor();
    await page.locator('[data-today-offered]', { hasText: '4' }).waitFor();
    // FCR 2 ÷ 3 misses 75 %; the centre's open backlog 3 (whole network: the same); 3 of 4 outbound connected (goal ≥ 30 %).
    expect(await strip(page)).toEqual([
      { name: 'fcr.15m', value: '67%', verdict: 'bad' },
      { name: 'backlog.open', value: '3', verdict: 'none' },
      { name: 'connectRate.15m', value: '75%', verdict: 'good' },
      { name: 'costPerContact.15m', value: cny(centreCostPerContact), verdict: 'none' },
    ]);
    expect(await page.locator('[data-kpi-strip] [data-kpi] .label').allTextContents()).toEqual(['FCR 15 min', 'Open tickets', 'Connect rate 15 min', 'Cost per contact 15 min']);
    // Today's totals: voice k1 k2 k5 and chat k3 offered; k1 k2 k3 answered; k5 abandoned.
    expect(await page.locator('[data-today] .value').allTextContents()).toEqual(['4', '3', '1', expect.stringMatching(/%|—/)]);
    // Hangzhou's tile has a row per queue: the VIP line is not folded into voice.
    expect(await page.locator('article[data-centre="hangzhou"] tr[data-queue]').evaluateAll((els) => els.map((e) => e.getAttribute('data-queue')))).toEqual([
      'voice',
      'voice-vip',
      'chat',
      'email',
    ]);
    expect(await hallProblems(page)).toEqual([]);
    await screenshot(page, 'wall-kpis-first');
    await page.close();

    // The config changes (another list and order): the restarted server's wall follows it.
    await server!.stop();
    server = undefined;
    server = await start(SECOND);
    const again = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    await again.goto(`${server.base}/wall?token=${TOKENS.display}&hall=lobby`);
    await again.locator('[data-kpi="fcr.15m"] .value', { hasText: '67%' }).waitFor();
    // Attendance: a1, a2, a3 scheduled, a1 and a2 staffed → 2 ÷ 3, under 95 %.
    expect(await strip(again)).toEqual([
      { name: 'costPerContact.15m', value: cny(centreCostPerContact), verdict: 'none' },
      { name: 'attendance.rate', value: '67%', verdict: 'bad' },
      { name: 'fcr.15m', value: '67%', verdict: 'bad' },
    ]);
    expect(await hallProblems(again)).toEqual([]);
    copyFileSync(await screenshot(again, 'wall-kpis-second-4k'), '/tmp/wall-kpis-second-4k.png');
    // A hall the config lacks: the first hall's strip, and the wall says so.
    await again.goto(`${server.base}/wall?token=${TOKENS.display}&hall=basement`);
    await again.locator('[data-kpi-strip] .note', { hasText: 'no hall "basement"' }).waitFor();
    expect((await strip(again)).map((k) => k.name)).toEqual(SECOND);
    await again.close();
  }, 120_000);

  it('the panorama table drills down from region to centre to queues and skills, each figure against its goal', async () => {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${server!.base}/control`);
      await signInWithToken(page, TOKENS.dispatcher);
      const section = page.locator('[data-panorama-section]');
      await section.getByRole('button', { name: 'Last 15 min' }).click();
      await page.locator('table[data-panorama][data-window="15m"]').waitFor();
      await cell(page, 'region:east', 'fcr').filter({ hasText: '67%' }).waitFor();

      // Closed: all centres, then one row per region (Wuhan is its own).
      const scopes = () => page.locator('table[data-panorama] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-scope')));
      expect(await scopes()).toEqual(['all', 'region:east', 'region:wuhan']);
      expect(await cell(page, 'region:east', 'fcr').getAttribute('class')).toContain('bad');

      // Region → its centres.
      await toggle(page, 'region:east').click();
      expect(await scopes()).toEqual(['all', 'region:east', 'centre:hangzhou', 'centre:shanghai', 'region:wuhan']);
      expect(await toggle(page, 'region:east').getAttribute('aria-expanded')).toBe('true');
      expect(await cell(page, 'centre:hangzhou', 'costPerContact').textContent()).toBe(cny(centreCostPerContact));
      expect(await cell(page, 'centre:hangzhou', 'attendance.rate').textContent()).toBe('67%');
      expect(await cell(page, 'centre:hangzhou', 'busyRate').textContent()).toBe('50%');
      // Shanghai heard nothing: not measured is "—", never 0 %.
      expect(await cell(page, 'centre:shanghai', 'fcr').textContent()).toBe('—');

      // Centre → its queues (lines), then its skills.
      await toggle(page, 'centre:hangzhou').click();
      expect(await scopes()).toEqual([
        'all',
        'region:east',
        'centre:hangzhou',
        'queue:hangzhou/voice',
        'queue:hangzhou/voice-vip',
        'queue:hangzhou/chat',
        'queue:hangzhou/email',
        'skill:hangzhou/billing',
        'skill:hangzhou/chat',
        'skill:hangzhou/voice',
        'centre:shanghai',
        'region:wuhan',
      ]);
      // Voice: FCR 1 ÷ 2, repeat 1 ÷ 2 (goal ≤ 15 %), t1 closed on time (goal ≥ 90 %), t3 open and overdue (goal 0).
      expect(await cell(page, 'queue:hangzhou/voice', 'fcr').textContent()).toBe('50%');
      expect(await cell(page, 'queue:hangzhou/voice', 'repeatRate').textContent()).toBe('50.0%');
      expect(await cell(page, 'queue:hangzhou/voice', 'onTimeRate').getAttribute('class')).toContain('good');
      expect(await cell(page, 'queue:hangzhou/voice', 'backlog.overdue').getAttribute('class')).toContain('bad');
      // The billing skill: a1's contacts, FCR 1 ÷ 2.
      expect(await cell(page, 'skill:hangzhou/billing', 'fcr').textContent()).toBe('50%');
      // The VIP line had no contact: its rates are not measured.
      expect(await cell(page, 'queue:hangzhou/voice-vip', 'serviceLevel').textContent()).toBe('—');
      expect(await cell(page, 'queue:hangzhou/voice-vip', 'fcr').textContent()).toBe('—');
      expect(await controlProblems(page)).toEqual([]);
      const shot = await screenshot(page, `control-panorama-${viewport.width}`, { fullPage: true });
      copyFileSync(shot, `/tmp/control-panorama-${viewport.width}.png`);

      // Closing the region folds its centres and their rows away.
      await toggle(page, 'region:east').click();
      expect(await scopes()).toEqual(['all', 'region:east', 'region:wuhan']);
      await page.close();
    }
  }, 120_000);
});
