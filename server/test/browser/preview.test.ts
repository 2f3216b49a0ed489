/**
 * The plan preview on /control in Debian's Chromium against a real server and Redis: a surge in
 * Hangzhou raises a yellow incident whose test plan re-routes 30 % of its voice traffic, but only
 * once the dispatcher confirms. Opening Approve shows, before anything is sent, the service level
 * and waiting for the next 30 minutes without and with the re-route, for Hangzhou and for each
 * centre taking its traffic — the same numbers `POST /v1/preview` answers. Approved, the step keeps
 * the preview, and the incident report sets it beside what was recorded afterwards.
 * Saves artifacts/screenshots/control-preview.png and report-preview.png.
 */
import { describe, expect, it } from 'vitest';
import type { StepPreview } from '../../stages/plans/preview/index.js';
import { api, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { CENTRES, NO_BROWSER, screenshot, signInWithToken, useSurge } from './support.js';
import { Traffic } from './traffic.js';

const PLANS = `
plans:
  - name: browser-preview
    level: yellow
    actions:
      - reroute: { queue: voice, share: 30%, confirm: true }
`;

const prefix = uniquePrefix('browser-preview');
const traffic = new Traffic(prefix);
const surge = useSurge(prefix, () => [traffic.morning(CENTRES, { hangzhou: 1, shanghai: 0, wuhan: 0 })], () => ({ plans: PLANS }));

const previewOf = async (base: string, body: object): Promise<{ status: number; body: { preview?: StepPreview; error?: string } }> => {
  const res = await fetch(`${base}/v1/preview`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { preview?: StepPreview; error?: string } };
};

/** The rows the dialog shows (every fifth minute), as the API's numbers. */
const shown = (p: StepPreview) =>
  p.centres.map((c) => ({
    centre: c.centre,
    rows: c.minutes.filter((m) => m.inMin % 5 === 0).map((m) => [m.inMin, m.without.serviceLevel, m.with.serviceLevel, m.without.waiting, m.with.waiting]),
  }));

describe.skipIf(NO_BROWSER !== null)('the plan preview on the control screen', () => {
  it('shows the next 30 minutes with and without a re-route before the dispatcher confirms it, with the API’s numbers', async () => {
    const { server, browser } = surge;
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await page.goto(`${server.base}/control`);
    await signInWithToken(page, TOKENS.dispatcher);
    await page.locator('.control .conn[data-freshness="live"]').waitFor();

    await api(server.base).postEvents(traffic.surge('hangzhou', 3));
    const row = page.locator('button.row[data-incident]', { hasText: 'Traffic surge · Hangzhou' });
    await row.click();
    const incidentId = (await row.getAttribute('data-incident'))!;
    const step = page.locator('section[aria-label="Plan steps"] tr[data-state="awaiting confirmation"]', { hasText: 'Re-routing' });
    await step.waitFor();
    const key = (await step.getAttribute('data-step'))!;

    // The figures move on as the minutes pass: the dialog and the API agree when read in the same minute.
    const dialog = page.locator('dialog[open]');
    let agreed = false;
    for (let attempt = 0; attempt < 3 && !agreed; attempt++) {
      await step.getByRole('button', { name: 'Approve' }).click();
      const preview = dialog.locator('section[aria-label="Plan preview"][data-preview="ready"]');
      await preview.waitFor();
      const onScreen = await preview.locator('table[data-centre]').evaluateAll((tables) =>
        tables.map((t) => ({
          centre: t.getAttribute('data-centre'),
          rows: [...t.querySelectorAll('tbody tr')].map((r) => [Number(r.getAttribute('data-min')), ...[...r.querySelectorAll('td')].map((td) => (td.getAttribute('data-value') === null ? null : Number(td.getAttribute('data-value'))))]),
        })),
      );
      const fromApi = await previewOf(server.base, { step: key });
      expect(fromApi.status).toBe(200);
      const expected = shown(fromApi.body.preview!);
      agreed = JSON.stringify(onScreen) === JSON.stringify(expected);
      if (agreed) {
        // Hangzhou is the centre in trouble; at least one other centre takes its voice traffic.
        expect(expected[0]!.centre).toBe('hangzhou');
        expect(expected.length).toBeGreaterThan(1);
        expect(await preview.locator('table[data-centre="hangzhou"] caption').textContent()).toContain('in trouble');
        await screenshot(page, 'control-preview');
      } else {
        await dialog.getByRole('button', { name: 'Back' }).click();
        await dialog.waitFor({ state: 'detached' });
      }
    }
    expect(agreed).toBe(true);

    // Approved, the step keeps what the dispatcher was shown.
    await dialog.locator('textarea[name="reason"]').fill('Shanghai has spare agents this morning');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = await waitUntil(async () => {
      const res = await api(server.base).get(`/v1/plan-steps?incident=${encodeURIComponent(incidentId)}`, TOKENS.display);
      const { steps } = (await res.json()) as { steps: { key: string; preview?: StepPreview }[] };
      return steps.find((s) => s.key === key)?.preview;
    }, 'the preview stored with the step');
    expect(stored.centres.map((c) => c.centre)[0]).toBe('hangzhou');

    // The incident report sets the stored preview beside the figures recorded afterwards.
    await page.goto(`${server.base}/control#report/${encodeURIComponent(incidentId)}`);
    const outcome = page.locator(`table[data-step="${key}"][data-centre="hangzhou"]`);
    await outcome.locator('tr[data-min="30"]').waitFor();
    const firstRow = (await outcome.locator('tr[data-min="5"] td').allTextContents())[0];
    const predicted = stored.centres[0]!.minutes[4]!.with.serviceLevel;
    expect(firstRow).toBe(predicted === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(predicted));
    await outcome.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-preview');
    await page.close();
  });

  it('refuses a preview it cannot make, saying why', async () => {
    const { server } = surge;
    expect(await previewOf(server.base, {})).toEqual({ status: 400, body: { error: 'give exactly one of step (a plan step key) and declare ({ centre, level, type? })' } });
    expect((await previewOf(server.base, { step: 'no-such-step' })).status).toBe(404);
    expect(await previewOf(server.base, { declare: { centre: 'paris', level: 'red' } })).toEqual({ status: 400, body: { error: 'declare.centre must be one of hangzhou, shanghai, wuhan' } });
    const declared = await previewOf(server.base, { declare: { centre: 'hangzhou', level: 'yellow' } });
    expect(declared.status).toBe(200);
    expect(declared.body.preview!.centres[0]!.minutes).toHaveLength(30);
  });

  it('keeps on a declared incident the preview of declaring it, committed with the incident', async () => {
    const { server } = surge;
    const res = await fetch(`${server.base}/v1/incidents`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'fire', centre: 'wuhan', level: 'yellow', note: 'fire alarm, floor 3' }) });
    expect(res.status).toBe(201);
    const { incident } = (await res.json()) as { incident: { id: string; declaredPreview?: StepPreview } };
    const stored = await fetch(`${server.base}/v1/incidents/${incident.id}`, { headers: { authorization: `Bearer ${TOKENS.dispatcher}` } }).then((r) => r.json() as Promise<{ incident: { declaredPreview?: StepPreview } }>);
    for (const kept of [incident.declaredPreview, stored.incident.declaredPreview]) {
      // Wuhan's yellow plan re-routes its voice traffic: the preview covers Wuhan and the centres taking it.
      expect(kept!.centres[0]!.centre).toBe('wuhan');
      expect(kept!.centres.length).toBeGreaterThan(1);
      expect(kept!.centres[0]!.minutes).toHaveLength(30);
    }
    expect(stored.incident.declaredPreview).toEqual(incident.declaredPreview);

    // Its report sets the declaration's preview beside the figures recorded afterwards, labelled as the declaration.
    const kept = incident.declaredPreview!;
    const page = await surge.browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await page.goto(`${server.base}/control`);
    await signInWithToken(page, TOKENS.dispatcher);
    await page.goto(`${server.base}/control#report/${encodeURIComponent(incident.id)}`);
    const outcome = page.locator('table[data-declared][data-centre="wuhan"]');
    await outcome.locator('tr[data-min="30"]').waitFor();
    expect(await page.locator('h3', { hasText: 'The declaration, previewed at' }).count()).toBe(1);
    expect(await page.locator('table[data-declared]').count()).toBe(kept.centres.length);
    const cells = await outcome.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-min')), r.querySelectorAll('td')[0]!.textContent, r.querySelectorAll('td')[2]!.textContent]));
    const pct = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v));
    const one = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v));
    expect(cells).toEqual(
      kept.centres[0]!.minutes.filter((m) => m.inMin > 0 && m.inMin % 5 === 0).map((m) => [m.inMin, pct(m.with.serviceLevel), one(m.with.waiting)]),
    );
    await outcome.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-declared-preview');
    await page.close();
  });
});
