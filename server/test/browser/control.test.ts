/**
 * /control in Debian's Chromium against a real server and Redis: a dispatcher signs in with an API
 * token (a display token is refused), opens the incident a surge raised, is told why an empty
 * reason is refused, acknowledges it with a reason, declares an emergency, opens the incident
 * report and exports it as CSV; the admin sees the acknowledgement in the audit log. Saves
 * screenshots of the control screen and the report. (Password sign-in: control-plans.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { uniquePrefix } from '../support/env.js';
import { actWithReason, CENTRES, NO_BROWSER, screenshot, signInWithToken, useSurge } from './support.js';
import { Traffic } from './traffic.js';

const prefix = uniquePrefix('browser-control');
const traffic = new Traffic(prefix);
// Three voice calls waiting in Hangzhou: yellow under the quick rule, and an incident.
const surge = useSurge(prefix, () => [traffic.morning(CENTRES, { hangzhou: 1, shanghai: 0, wuhan: 2 }), traffic.surge('hangzhou', 3)]);

async function signIn(page: Page, token: string): Promise<void> {
  await signInWithToken(page, token);
  await page.locator('.control .conn[data-freshness="live"]').waitFor();
}

describe.skipIf(NO_BROWSER !== null)('the control screen in a browser', () => {
  it('a dispatcher acknowledges an incident with a reason, and the admin sees it in the audit log', async () => {
    const { server, browser } = surge;
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 }, acceptDownloads: true });
    const auditAsks: string[] = [];
    page.on('request', (r) => void (new URL(r.url()).pathname === '/v1/audit' && auditAsks.push(r.url())));
    await page.goto(`${server.base}/control`);
    // The demo configuration is in use: the sign-in page names its people and their passwords.
    const demo = page.locator('[data-demo-users="2"]');
    await demo.waitFor();
    expect(await demo.textContent()).toMatch(/dana \/ demo-dispatcher-password dispatcher.*mike \/ demo-manager-password manager/s);

    await signInWithToken(page, 'not-a-token');
    await page.getByRole('alert').filter({ hasText: 'Unknown token.' }).waitFor();
    // A display token is known, but may not use the control screen.
    await page.locator('input[name="token"]').fill('demo-display-token');
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.getByRole('alert').filter({ hasText: 'role display) cannot use the control screen' }).waitFor();
    await page.locator('input[name="token"]').fill('demo-dispatcher-token');
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.locator('.control .conn[data-freshness="live"]').waitFor();
    expect(await page.locator('[data-user]').textContent()).toMatch(/demo-dispatcher · dispatcher\s*· API token/);

    const row = page.locator('button.row[data-incident]', { hasText: 'Traffic surge · Hangzhou' });
    await row.waitFor();
    expect(await row.textContent()).toContain('not acknowledged');
    await row.click();
    const detail = page.locator('.detail');
    await detail.locator('table.timeline', { hasText: 'Incident level normal → yellow' }).waitFor();

    // No reason first: the server says why, and the dialog shows its words.
    await actWithReason(page, detail.getByRole('button', { name: 'Acknowledge' }), 'Acknowledge', 'calling in backup seats', { refusedFirst: true });
    await detail.locator('.ack', { hasText: 'by demo-dispatcher' }).waitFor();
    expect(await detail.locator('.ack').textContent()).toContain('calling in backup seats');
    await detail.locator('table.timeline', { hasText: 'Acknowledged by demo-dispatcher' }).waitFor();
    await row.filter({ hasText: 'acknowledged by demo-dispatcher' }).waitFor();

    // A dispatcher may not read the audit log: the screen neither shows it nor asks for it (no 403 every 5 s).
    expect(await page.locator('table.audit').count()).toBe(0);
    expect(auditAsks).toEqual([]);
    expect(await page.locator('[data-rules-ok="true"]').textContent()).toContain('1 rule from 1 file');

    // Declare an emergency: it joins the list at its level.
    await page.locator('select[name="type"]').selectOption('fire');
    await page.locator('select[name="centre"]').selectOption('wuhan');
    await page.locator('select[name="level"]').selectOption('red');
    await page.locator('textarea[name="note"]').fill('fire alarm on floor 3');
    await page.getByRole('button', { name: 'Declare' }).click();
    await page.locator('button.row[data-incident]', { hasText: 'Fire · Wuhan' }).waitFor();
    await screenshot(page, 'control');

    // The report of the acknowledged incident: timeline, chart, CSV export, print layout.
    await row.click();
    await detail.getByRole('link', { name: 'Report' }).click();
    await page.locator('h1', { hasText: 'Incident report — Traffic surge · Hangzhou' }).waitFor();
    await page.locator('.report table.timeline', { hasText: 'Acknowledged by demo-dispatcher' }).waitFor();
    // What the shipped surge-yellow plan did for it: an SMS alert and the wallboard banner.
    await page.locator('.report table.steps', { hasText: 'Wallboard banner' }).waitFor();
    expect(await page.locator('.report table.steps').textContent()).toContain('SMS alert');
    await page.locator('.time-chart svg').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const file = readFileSync(await download.path(), 'utf8');
    expect(file.charCodeAt(0), 'a UTF-8 byte-order mark for spreadsheets').toBe(0xfeff);
    const csv = file.slice(1);
    expect(csv.split('\r\n')[0]).toBe('time,epoch_ms,record,event,from,to,scope,rule,by,reason,figures,metric,value');
    expect(csv).toContain('Acknowledged by demo-dispatcher,,,,,demo-dispatcher,calling in backup seats');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-print');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: '← Control screen' }).click();

    // The admin sees who acknowledged, and why.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'demo-admin-token');
    const entry = page.locator('table.audit tr', { hasText: 'incident.ack' });
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/demo-dispatcher.*\(dispatcher\).*incident\.ack.*calling in backup seats/);
    await page.close();
  }, 60_000);
});
