/**
 * /control's plan sections in Debian's Chromium against a real server and Redis. Dana signs in
 * with her password (a wrong one is refused); a surge raises a yellow incident whose test plan
 * alerts the duty managers, calls in backup seats, re-routes voice and waits for confirmation
 * before its banner. She approves the banner step with a reason: the API shows it done, the admin's
 * audit log shows `plan-step.approve`, and the wall shows the banner. The ACD of Hangzhou is down,
 * so its webhooks become dead letters; she retries one with a reason and silences Hangzhou's
 * alerts for an hour. Saves artifacts/screenshots/control-plans.png (and control-sign-in.png). Then an expired and a revoked
 * session each send the screen back to the sign-in form, saying why.
 */
import { describe, expect, it } from 'vitest';
import { api, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { FakeAcd } from '../../testkit/fake-acd.js';
import { SECRET } from '../support/plan-world.js';
import { actWithReason, CENTRES, NO_BROWSER, screenshot, signInWithPassword, useSurge } from './support.js';
import { Traffic } from './traffic.js';

const PLANS = `
plans:
  - name: browser-yellow
    level: yellow
    actions:
      - notify: { group: duty-managers, template: level-alert }
      - activateSeats: { seatType: backup, count: 2 }
      - reroute: { queue: voice, share: 30% }
      - banner: { text: "YELLOW: Hangzhou busy, backup seats called in", confirm: true }
`;
const ADMIN = 'demo-admin-token';

const prefix = uniquePrefix('browser-control-plans');
const traffic = new Traffic(prefix);
// Hangzhou's ACD is down: its webhooks become dead letters.
const surge = useSurge(
  prefix,
  () => [traffic.morning(CENTRES, { hangzhou: 1, shanghai: 0, wuhan: 0 })],
  async () => {
    const acdDown = await FakeAcd.unreachableUrl();
    return {
      plans: PLANS,
      jobBackoffMs: 50,
      configure: (c) => {
        c.acd = { endpoints: new Map([['hangzhou', { url: acdDown, secret: SECRET }]]), timeoutMs: 1000 };
      },
    };
  },
);

interface StepView {
  key: string;
  kind: string;
  state: string;
}
interface AuditView {
  who: string;
  action: string;
  target: string;
  reason: string;
}

const getJson = async <T>(path: string, token: string): Promise<T> => (await (await api(surge.server.base).get(path, token)).json()) as T;

describe.skipIf(NO_BROWSER !== null)('the control screen’s plan sections in a browser', () => {
  it('dana signs in with her password and approves a plan step with a reason; the audit log and the wall show it', async () => {
    const { server, browser } = surge;
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await page.goto(`${server.base}/control`);

    await signInWithPassword(page, 'dana', 'not-her-password');
    await page.getByRole('alert').filter({ hasText: 'Unknown user or wrong password.' }).waitFor();
    await screenshot(page, 'control-sign-in');
    await signInWithPassword(page, 'dana', 'demo-dispatcher-password');
    await page.locator('.control .conn[data-freshness="live"]').waitFor();
    expect(await page.locator('[data-user]').textContent()).toMatch(/dana · dispatcher\s*· until \d\d:\d\d:\d\d/);

    // Three voice calls waiting in Hangzhou: yellow under the quick rule, and the test plan runs.
    await api(server.base).postEvents(traffic.surge('hangzhou', 3));
    const row = page.locator('button.row[data-incident]', { hasText: 'Traffic surge · Hangzhou' });
    await row.click();
    const incidentId = (await row.getAttribute('data-incident'))!;
    const steps = page.locator('section[aria-label="Plan steps"]');
    const banner = steps.locator('tr[data-state="awaiting confirmation"]', { hasText: 'Wallboard banner' });
    await banner.waitFor();
    const key = (await banner.getAttribute('data-step'))!;
    expect(key).toBe(`${incidentId}:yellow:browser-yellow:3`);

    // Approve it: without a reason the server says why; with one the step runs.
    await actWithReason(page, banner.getByRole('button', { name: 'Approve' }), 'Approve', 'banner wording checked with the duty manager', { refusedFirst: true });
    await steps.locator(`tr[data-step="${key}"][data-state="done"]`).waitFor();

    const done = await waitUntil(async () => {
      const { steps: list } = await getJson<{ steps: StepView[] }>(`/v1/plan-steps?incident=${encodeURIComponent(incidentId)}`, TOKENS.display);
      return list.find((s) => s.key === key && s.state === 'done');
    }, 'the approved step done');
    expect(done.kind).toBe('banner');
    const { entries } = await getJson<{ entries: AuditView[] }>('/v1/audit', ADMIN);
    expect(entries.find((e) => e.action === 'plan-step.approve')).toMatchObject({ who: 'dana', target: key, reason: 'banner wording checked with the duty manager' });

    // What the plan did shows in the other sections.
    await page.locator('section[aria-label="SMS deliveries"] tr[data-sms]').first().waitFor();
    await page.locator('section[aria-label="Standby seats"] tr[data-seat]').first().waitFor();
    expect(await page.locator('section[aria-label="Standby seats"] tr[data-seat]').count()).toBe(2);
    await page.locator('section[aria-label="Staffing (Erlang C now, Erlang A forecast)"] tr[data-scope="queue:hangzhou/voice"]:not([data-horizon])').waitFor();

    // Hangzhou's ACD is down: its webhooks end as dead letters, and one is sent again with a reason.
    const webhooks = page.locator('section[aria-label="ACD webhooks"]');
    await webhooks.getByRole('button', { name: 'Dead letters' }).click();
    const dead = webhooks.locator('tr[data-status="dead"]').first();
    await dead.waitFor({ timeout: 15_000 });
    const deadId = (await dead.getAttribute('data-delivery'))!;
    await actWithReason(page, dead.getByRole('button', { name: 'Retry' }), 'Retry', 'ACD back up after the switch restart');
    await waitUntil(async () => (await getJson<{ entries: AuditView[] }>('/v1/audit', ADMIN)).entries.find((e) => e.action === 'delivery.retry' && e.target === deadId), 'the retry audited');
    await webhooks.getByRole('button', { name: 'All' }).click();

    // Silence Hangzhou's alerts for an hour.
    const silences = page.locator('section[aria-label="Silences"]');
    await silences.locator('select[name="silence-scope"]').selectOption('centre:hangzhou');
    await silences.getByLabel('1 h').check();
    await silences.locator('input[name="silence-reason"]').fill('planned switch maintenance');
    await silences.getByRole('button', { name: 'Silence alerts' }).click();
    const silence = silences.locator('tr[data-silence]', { hasText: 'planned switch maintenance' });
    await silence.waitFor();
    expect(await silence.textContent()).toMatch(/Hangzhou.*dana.*(59:\d\d|1:00:00)/);

    await page.locator('section[aria-label="Routing in force"] li').first().waitFor();
    await screenshot(page, 'control-plans', { fullPage: true });

    // The wall shows the approved banner, Hangzhou's incident's own.
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.base}/wall?token=${TOKENS.display}`);
    await wall.locator(`[data-plan-banner][data-incident="${incidentId}"]`, { hasText: 'YELLOW: Hangzhou busy, backup seats called in' }).waitFor();
    await wall.close();
    await page.close();
  }, 90_000);

  it('an expired or revoked session goes back to the sign-in form, saying why', async () => {
    const { server, browser } = surge;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.base}/control`);
    const keep = (session: object) => page.evaluate((s) => sessionStorage.setItem('surge.controlSession', s), JSON.stringify(session));

    await keep({ token: 's1.forged.token', user: 'dana', role: 'dispatcher', expiresAt: Date.now() - 1_000 });
    await page.reload();
    await page.getByRole('alert').filter({ hasText: /Your session ended at \d\d:\d\d:\d\d\. Sign in again\./ }).waitFor();

    // Not expired by its own word, but the server does not accept it: the first 401 ends it.
    await keep({ token: 's1.forged.token', user: 'dana', role: 'dispatcher', expiresAt: Date.now() + 3_600_000 });
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'The server no longer accepts your sign-in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('surge.controlSession'))).toBeNull();
    await page.close();
  }, 30_000);
});
