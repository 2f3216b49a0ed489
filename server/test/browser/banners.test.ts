/**
 * Banners, pending decisions, resolving and expiry in Debian's Chromium against a real server and
 * Redis. A fire declared black at Wuhan and a traffic surge at Hangzhou each put up their own
 * banner on the wall, and the totals badge shows the worst level (black). Dana de-escalates the fire
 * to red from the control screen: the wall shows red's banner for Wuhan, and black's standby seat
 * waits at the top of her screen for "approve undo / keep in force"; she keeps it. Resolving the
 * fire lists the re-route and the seat still in force and asks; she undoes them now: Wuhan's banner
 * goes, Hangzhou's stays. A storm at Shanghai re-routes voice for 3 s: the wall's flow panel draws
 * the arrow, then shows it gone once it expired. Screenshots at 1920×1080 and 3840×2160.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { actWithReason, CENTRES, declareIncident, NO_BROWSER, screenshot, signInWithPassword, useSurge } from './support.js';
import { Traffic } from './traffic.js';

const PLANS = `
plans:
  - name: fire-red
    level: red
    type: fire
    centres: [wuhan]
    undo: confirm
    actions:
      - reroute: { queue: voice, share: 30% }
      - banner: { text: "RED: fire at Wuhan, voice re-routed" }
  - name: fire-black
    level: black
    type: fire
    undo: confirm
    actions:
      - activateSeats: { seatType: home, count: 1 }
      - banner: { text: "BLACK: Wuhan closed by fire, home agents called in" }
  - name: surge-yellow
    level: yellow
    type: traffic_surge
    actions:
      - banner: { text: "YELLOW: Hangzhou busy, keep calls short" }
  - name: storm-orange
    level: orange
    type: severe_weather
    actions:
      - reroute: { queue: voice, share: 25%, expiresAfter: 3s }
`;

const prefix = uniquePrefix('browser-banners');
const traffic = new Traffic(prefix);
const surge = useSurge(prefix, () => [traffic.morning(CENTRES, { hangzhou: 0, shanghai: 0, wuhan: 0 })], () => ({ plans: PLANS }));

interface StepView {
  key: string;
  kind: string;
  level: string;
  state: string;
  detail: string;
}

const getJson = async <T>(path: string): Promise<T> => (await (await api(surge.server.base).get(path, TOKENS.dispatcher)).json()) as T;
const steps = async (incident: string) => (await getJson<{ steps: StepView[] }>(`/v1/plan-steps?incident=${encodeURIComponent(incident)}`)).steps;

const declare = (type: string, centre: string, level: string) => declareIncident(surge.server.base, type, centre, level);

/** The plan banner of one incident on the wall. */
const bannerOf = (page: Page, incident: string) => page.locator(`[data-plan-banner][data-incident="${incident}"]`);
const totalsBadge = (page: Page) => page.locator('section[aria-label="All centres"] .badge');

/** act clicks an incident action in the control screen's detail and gives the reason. */
function act(page: Page, name: string, reason: string): Promise<void> {
  return actWithReason(page, page.locator('.detail .actions').getByRole('button', { name, exact: true }), name, reason);
}

describe.skipIf(NO_BROWSER !== null)('banners per incident, pending decisions, resolve and expiry in a browser', () => {
  it('shows each incident’s banner at its level, asks before resolving with re-routes in force, and drops an expired re-route', async () => {
    const { server, browser } = surge;
    const fire = await declare('fire', 'wuhan', 'black');
    await api(server.base).postEvents(traffic.surge('hangzhou', 3));
    const busy = await waitUntil(async () => {
      const { incidents } = await getJson<{ incidents: { id: string; type: string; centre: string }[] }>('/v1/incidents');
      return incidents.find((i) => i.type === 'traffic_surge' && i.centre === 'hangzhou')?.id;
    }, 'the surge incident at Hangzhou');

    // Two open incidents, two banners, each in its incident's level; the totals show the worst level.
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.base}/wall?token=${TOKENS.display}`);
    await bannerOf(wall, fire).and(wall.locator('[data-level="black"]')).filter({ hasText: 'BLACK: Wuhan closed by fire' }).waitFor();
    await bannerOf(wall, busy).and(wall.locator('[data-level="yellow"]')).filter({ hasText: 'YELLOW: Hangzhou busy' }).waitFor();
    expect(await wall.locator('[data-plan-banner]').count()).toBe(2);
    expect(await bannerOf(wall, fire).textContent()).toMatch(/BLACK · Wuhan/);
    expect(await bannerOf(wall, busy).textContent()).toMatch(/YELLOW · Hangzhou/);
    await totalsBadge(wall).and(wall.locator('.level-black')).waitFor();
    // The banners take a line, not the tiles' trend charts.
    await screenshot(wall, 'wall-banners-1920x1080');
    for (const centre of CENTRES) expect(await wall.locator(`article[data-centre="${centre}"] .trends`).isVisible()).toBe(true);
    const big = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    await big.goto(`${server.base}/wall?token=${TOKENS.display}`);
    await bannerOf(big, busy).waitFor();
    await bannerOf(big, fire).waitFor();
    for (const centre of CENTRES) expect(await big.locator(`article[data-centre="${centre}"] .trends`).isVisible()).toBe(true);
    await screenshot(big, 'wall-banners-3840x2160');
    await big.close();

    // Dana de-escalates the fire to red: red's banner is back for Wuhan, Hangzhou's stays.
    const control = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await control.goto(`${server.base}/control`);
    await signInWithPassword(control, 'dana', 'demo-dispatcher-password');
    await control.locator('.control .conn[data-freshness="live"]').waitFor();
    await control.locator(`button.row[data-incident="${fire}"]`).click();
    await act(control, 'De-escalate', 'fire contained to the ground floor');
    await bannerOf(wall, fire).and(wall.locator('[data-level="red"]')).filter({ hasText: 'RED: fire at Wuhan, voice re-routed' }).waitFor();
    expect(await bannerOf(wall, busy).textContent()).toContain('YELLOW: Hangzhou busy');
    await totalsBadge(wall).and(wall.locator('.level-red')).waitFor();

    // Black's standby seat waits for an undo decision, at the top of the screen with its buttons.
    const pending = control.locator('section[aria-label="Decisions pending"]');
    const seatRow = pending.locator('tr[data-state="awaiting undo confirmation"]', { hasText: 'Standby seats' });
    await seatRow.waitFor();
    const keep = seatRow.getByRole('button', { name: 'Keep in force' });
    const approve = seatRow.getByRole('button', { name: 'Approve undo' });
    for (const button of [keep, approve]) {
      const box = (await button.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(1080);
    }
    await screenshot(control, 'control-pending-1920x1080');
    await actWithReason(control, keep, 'Keep in force', 'keep the home agent until the building is checked');
    const dialog = control.locator('dialog[open]');
    await pending.locator('[data-pending="0"]').or(control.locator('section[data-pending="0"]')).waitFor();

    // Resolving lists the re-route and the seat still in force and asks; she undoes them now.
    await control.locator('.detail .actions').getByRole('button', { name: 'Resolve', exact: true }).click();
    const inForce = dialog.locator('fieldset[data-in-force="2"]');
    await inForce.waitFor();
    expect(await inForce.textContent()).toMatch(/Re-routing \(red\): re-routed/);
    expect(await inForce.textContent()).toMatch(/Standby seats \(black\): .*seat/);
    await dialog.getByLabel(/Undo now/).check();
    await dialog.locator('textarea[name="reason"]').fill('fire out, building cleared');
    await screenshot(control, 'control-resolve-1920x1080');
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await bannerOf(wall, fire).waitFor({ state: 'detached' });
    expect(await bannerOf(wall, busy).textContent()).toContain('YELLOW: Hangzhou busy');
    await waitUntil(async () => (await steps(fire)).filter((s) => s.kind !== 'banner').every((s) => s.state === 'undone'), 'the re-route and the seat undone');
    await wall.locator('path[data-route-from="wuhan"]').waitFor({ state: 'detached' });

    // A storm at Shanghai re-routes voice for 3 s: the flow panel draws it, then shows it gone.
    const storm = await declare('severe_weather', 'shanghai', 'orange');
    await wall.locator('path[data-route-from="shanghai"]').waitFor();
    await totalsBadge(wall).and(wall.locator('.level-orange')).waitFor();
    await screenshot(wall, 'wall-reroute-1920x1080');
    await wall.locator('path[data-route-from="shanghai"]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await wall.locator('section[aria-label="Cross-centre flow"] .state').textContent()).toBe('No re-routing in force');
    const [reroute] = await steps(storm);
    expect(reroute).toMatchObject({ kind: 'reroute', state: 'undone' });
    expect(reroute!.detail).toMatch(/^expired: routing of shanghai\/voice restored/);

    const control4k = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    await control4k.goto(`${server.base}/control`);
    await signInWithPassword(control4k, 'dana', 'demo-dispatcher-password');
    await control4k.locator('.control .conn[data-freshness="live"]').waitFor();
    await screenshot(control4k, 'control-3840x2160');
    await control4k.close();
    await control.close();
    await wall.close();
  }, 120_000);
});
