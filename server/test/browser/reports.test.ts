/**
 * /reports in Debian's Chromium against a real server and Redis, with yesterday and today (Shanghai
 * time) recorded in the history: a dispatcher signs in, picks a one-day report of the network and its
 * centres, the table shows the API's rows, and the CSV and XLSX downloads hold the same rows. Then
 * hourly figures with their charts (screenshot `reports.png` at 1920×1080), the print layout, and
 * the Chinese page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Response } from 'playwright-core';
import { startOfDay } from '../../stages/metrics/day.js';
import type { MetricsByScope } from '../../stages/metrics/types.js';
import { uniquePrefix } from '../support/env.js';
import { csvRows, reportFigures, writeMinutes, xlsxRows, type Today } from '../support/report-history.js';
import { CENTRES, NO_BROWSER, screenshot, signInWithPassword, useSurge } from './support.js';

const prefix = uniquePrefix('browser-reports');
const ZONE = 'Asia/Shanghai';
const MIN = 60_000;
const now = Date.now();
const today = startOfDay(now, ZONE);
const yesterday = startOfDay(today - 1, ZONE);

/** A day's shape: a few contacts a minute, more in the working hours, each centre its own size. */
function seedMinutes(): Array<[number, MetricsByScope]> {
  const running = new Map<string, Today & Record<string, number>>();
  const out: Array<[number, MetricsByScope]> = [];
  // Up to two minutes ago: the server records from its start on.
  for (let at = yesterday; at < now - 2 * MIN; at += MIN) {
    const hour = (at - startOfDay(at, ZONE)) / 3_600_000;
    const busy = Math.max(0, Math.sin(((hour - 6) / 16) * Math.PI));
    const figures: MetricsByScope = {};
    let waitingAll = 0;
    let ivrAll = 0;
    CENTRES.forEach((centre, i) => {
      const day = at >= today ? 'today' : 'yesterday';
      const key = `${centre}@${day}`;
      const t = running.get(key) ?? { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, within: 0, slBase: 0, resolved: 0, resolvedKnown: 0 };
      const offered = Math.round((2 + i) * (0.3 + 3 * busy));
      const abandoned = Math.round(offered * 0.1 * busy);
      const answered = offered - abandoned;
      t.offered += offered;
      t.answered += answered;
      t.abandoned += abandoned;
      t.shortAbandoned += Math.floor(abandoned / 3);
      t.within += Math.round(answered * (0.95 - 0.25 * busy));
      t.slBase += answered + abandoned - Math.floor(abandoned / 3);
      t.resolvedKnown! += answered;
      t.resolved! += Math.round(answered * (0.9 - 0.2 * busy));
      running.set(key, t);
      const waiting = Math.round((1 + i) * 4 * busy);
      const ivrInCall = Math.round(20 * busy) + i;
      waitingAll += waiting;
      ivrAll += ivrInCall;
      figures[`centre:${centre}`] = reportFigures({ ...t }, { waiting, staffed: 10 + 8 * i, ivrInCall, ivrCallsNow: Math.round(ivrInCall * 0.8), backlogOpen: 40 + Math.round(30 * busy) });
    });
    figures.all = reportFigures(null, { waiting: waitingAll, staffed: 54, ivrInCall: ivrAll, ivrCallsNow: Math.round(ivrAll * 0.8), backlogOpen: 120 + Math.round(90 * busy) });
    out.push([at, figures]);
  }
  return out;
}

const surge = useSurge(prefix, () => [], async () => {
  await writeMinutes(prefix, seedMinutes());
  return {};
});

/** The page's own report request (not a download) and its answer. */
const isReport = (r: Response) => r.url().includes('/v1/reports?') && !r.url().includes('format=');

describe.skipIf(NO_BROWSER !== null)('the reports page in a browser', () => {
  it('shows a one-day report of the API, downloads it as CSV and XLSX, charts the hours and prints', async () => {
    const { server, browser } = surge;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true, timezoneId: ZONE });
    await page.goto(`${server.base}/reports`);
    await signInWithPassword(page, 'dana', 'demo-dispatcher-password');
    // Today's report of the network comes first, unasked.
    await page.locator('table.report-table tbody tr[data-scope="all"]').first().waitFor();

    // Yesterday, one day, the network and each centre.
    await page.locator('select[name="interval"]').selectOption('1d');
    for (const c of CENTRES) await page.locator(`input[name="scope"][value="centre:${c}"]`).check();
    await page.locator('input[name="from"]').fill(localInput(yesterday));
    await page.locator('input[name="to"]').fill(localInput(today));
    const [response] = await Promise.all([page.waitForResponse(isReport), page.getByRole('button', { name: 'Show', exact: true }).click()]);
    const answer = (await response.json()) as { rows: Record<string, unknown>[]; columns: string[] };
    expect(new URL(response.url()).searchParams.get('interval')).toBe('1d');
    expect(answer.rows.map((r) => [r.scope, Date.parse(r.start as string), Date.parse(r.end as string)])).toEqual(
      ['all', ...CENTRES.map((c) => `centre:${c}`)].map((s) => [s, yesterday, today]),
    );
    expect(answer.rows.every((r) => typeof r.offered === 'number' && r.offered > 0)).toBe(true);

    // The table shows those rows.
    const table = page.locator('table.report-table tbody tr');
    await expect.poll(() => table.count()).toBe(answer.rows.length);
    const shown = await table.evaluateAll((rows) =>
      rows.map((tr) => ({ scope: tr.getAttribute('data-scope'), start: tr.getAttribute('data-start'), offered: tr.querySelectorAll('td')[4]?.textContent })),
    );
    expect(answer.columns[0]).toBe('offered');
    expect(shown).toEqual(answer.rows.map((r) => ({ scope: r.scope, start: r.start, offered: (r.offered as number).toLocaleString('en-US') })));

    // The downloads ask the same query: their rows are the API's.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV', exact: true }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^surge-report-1d-.*\.csv$/);
    expect(csvRows(readFileSync(await csv.path(), 'utf8')).rows).toEqual(answer.rows);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'XLSX', exact: true }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^surge-report-1d-.*\.xlsx$/);
    expect((await xlsxRows(readFileSync(await xlsx.path()))).rows).toEqual(answer.rows);

    // Hour by hour, the charts draw the network's figures from the same rows.
    await page.locator('select[name="interval"]').selectOption('1h');
    const [hourly] = await Promise.all([page.waitForResponse(isReport), page.getByRole('button', { name: 'Show', exact: true }).click()]);
    expect(((await hourly.json()) as { rows: unknown[] }).rows).toHaveLength(4 * 24);
    await expect.poll(() => page.locator('table.report-table tbody tr').count()).toBe(4 * 24);
    for (const chart of ['volume', 'queue', 'serviceLevel', 'fcr', 'backlog', 'ivrCalls', 'ivrPorts']) {
      // Attached, not visible: a line of zeros (no IVR calls at night) has no height.
      await page.locator(`figure[data-chart="${chart}"] svg path[d^="M"]`).first().waitFor({ state: 'attached' });
    }
    expect(await page.locator('figure[data-chart="volume"] circle').count()).toBe(3 * 24);
    await screenshot(page, 'reports');

    // On paper: no controls, the charts and the table.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.choice').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'XLSX', exact: true }).isVisible()).toBe(false);
    expect(await page.locator('figure[data-chart="volume"]').isVisible()).toBe(true);
    expect(await page.locator('table.report-table').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // The same session reads the page in Chinese.
    await page.goto(`${server.base}/reports?lang=zh`);
    await page.getByRole('heading', { name: '报表' }).waitFor();
    await page.locator('table.report-table tbody tr').first().waitFor();
    expect(await page.locator('table.report-table thead').textContent()).toContain('呼入量');
    await page.close();
  }, 120_000);
});

/** The `datetime-local` value of an instant on Shanghai's clock (the page's zone here). */
function localInput(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}

