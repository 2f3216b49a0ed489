/**
 * /control?lang=zh in Debian's Chromium at 1920×1080 and 3840×2160, against a real server and Redis,
 * with every section holding something: a surge at Hangzhou whose test plan alerts the emergency
 * echelon (a Chinese contact group), calls in seats, re-routes voice and waits for a decision on its
 * banner; a silence; an admin signed in (the audit log shows). In Chinese, every section's title and
 * headings are the catalogue's (src/i18n/zh.ts), no English words are left in the screen's own text
 * (headings, buttons, labels, empty notes), an action's dialog asks for the reason in Chinese, and the
 * staffing gap reads 缺 / 富余 / 持平, and plan steps' details (written in English by the server) are
 * worded from their notes, as are the standby rosters of SMS rows and the routing's reason. In both languages the elements of each section lie inside it,
 * legible: text at least the control screen's minimum, none overlapping, none cut short, no table
 * scrolling sideways (hall-checks.ts). The incident report and its CSV headings are Chinese too.
 * Saves artifacts/screenshots/control-{zh,en}-*.png and report-zh.png.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoConfig, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { CENTRES, NO_BROWSER, screenshot, useSurge } from './support.js';
import { Traffic } from './traffic.js';
import { controlProblems } from './hall-checks.js';
import { zh } from '../../../wallboard/src/i18n/zh.js';
import { en } from '../../../wallboard/src/i18n/en.js';

const PLANS = `
plans:
  - name: browser-yellow
    level: yellow
    actions:
      - notify: { group: emergency-echelon, template: level-alert }
      - activateSeats: { seatType: backup, count: 2 }
      - reroute: { queue: voice, share: 30% }
      - banner: { text: "YELLOW: Hangzhou busy", confirm: true }
`;
const ADMIN = 'demo-admin-token';

const prefix = uniquePrefix('browser-control-zh');
const traffic = new Traffic(prefix);
const surge = useSurge(prefix, () => [traffic.morning(CENTRES, { hangzhou: 1, shanghai: 0, wuhan: 2 }), traffic.surge('hangzhou', 3)], () => ({ plans: PLANS }));

const c = zh.control;
/** What the Chinese screen must show: each section's title, and headings of its tables. */
const EXPECTED = [
  c.signOut,
  c.glance.title,
  ...Object.values(c.glance).filter((v) => v !== c.glance.title),
  c.incidents.title,
  c.steps.title,
  c.steps.plan,
  c.steps.action,
  c.declare.title,
  c.declare.submit,
  c.rules.title,
  c.audit.title,
  c.audit.who,
  c.routing.title,
  c.seats.title,
  c.seats.person,
  c.sms.title,
  zh.sms.to,
  c.deliveries.title,
  c.silences.title,
  c.silences.submit,
  c.staffing.title,
  c.staffing.slNow,
  zh.timeline.what,
  zh.action.ack,
  zh.decision.approve,
  zh.role.admin,
  zh.stepKind.reroute,
  zh.smsStatus.logged,
];

/**
 * Words allowed in the Chinese screen's own text: names of things (the product, Erlang A and C, API, ACD, SMS,
 * IVR, Twilio, CSV), and what the configuration names in English — centres and queues (longest first) —
 * and ids: people's, incidents', the plan's.
 */
const NAMES = demoConfig(prefix)
  .centres.flatMap((centre) => [centre.name, ...centre.queues.map((q) => q.name)])
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const ALLOWED = new RegExp(`${NAMES.join('|')}|Surge Control|Erlang [AC]|Twilio|\\b(API|ACD|SMS|IVR|CSV|IM)\\b|\\bINC-[\\w-]+|demo-[\\w-]+|browser-yellow`, 'g');

/** englishLeft: the screen's own texts (headings, buttons, labels, notes) that still hold an English word. */
function englishLeft(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const chrome = '.control h1, .control h2, .control h3, .control th, .control button, .control legend, .control dt, .control label, .control .empty, .control p, .control .state, .control [data-user]';
    const re = new RegExp(allowed, 'g');
    return [...document.querySelectorAll(chrome)]
      .map((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join(' ').trim())
      .filter((text) => /[A-Za-z]{3,}/.test(text.replace(re, '')));
  }, ALLOWED.source);
}

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${surge.server.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBeLessThan(300);
}

const CATALOGUES = { zh, en };
/** The staffing gap in words, never a bare signed number. */
const GAP_WORDS = { zh: /^(缺 [\d,]+ 人|富余 [\d,]+ 人|持平|—)$/, en: /^(short [\d,]+|surplus [\d,]+|as needed|—)$/ };

/** openControl signs the admin in on /control in `lang` (the sign-in page already speaks it) and waits for the live feed. */
async function openControl(page: Page, lang: 'zh' | 'en'): Promise<void> {
  const t = CATALOGUES[lang];
  await page.goto(`${surge.server.base}/control?lang=${lang}`);
  await page.getByText(t.login.tokenInstead).click();
  await page.locator('input[name="token"]').fill(ADMIN);
  await page.getByRole('button', { name: t.login.signInToken }).click();
  await page.locator('.control .conn[data-freshness="live"]').waitFor();
}

describe.skipIf(NO_BROWSER !== null)('the control screen in Chinese (and English)', () => {
  it('speaks Chinese in every section, with the staffing gap in words, legible and inside its sections at 1080p and 4K in both languages; the report and its CSV too', async () => {
    const { server, browser } = surge;
    await post('/v1/silences', { scope: 'centre:wuhan', durationSec: 3600, reason: '消防演练' });
    await waitUntil(async () => {
      const res = await fetch(`${server.base}/v1/plan-steps?awaiting=1`, { headers: { authorization: `Bearer ${TOKENS.dispatcher}` } });
      return ((await res.json()) as { steps: unknown[] }).steps.length > 0 || undefined;
    }, 'the banner step waiting for a decision');

    for (const lang of ['zh', 'en'] as const) for (const size of SIZES) {
      const t = CATALOGUES[lang];
      const page = await browser.newPage({ viewport: size });
      await openControl(page, lang);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang === 'zh' ? 'zh-CN' : 'en-GB');
      expect(await page.title()).toBe(t.control.pageTitle);

      const row = page.locator('button.row[data-incident]', { hasText: `${t.incidentType.traffic_surge} · ` });
      await row.click();
      await page.locator('.detail table.timeline tbody tr').first().waitFor();
      // Every section loaded something: the pending banner step, the SMS to the echelon, seats, routing, the silence, the audit.
      for (const selector of ['[data-pending="1"]', 'tr[data-sms]', 'tr[data-seat]', 'li[data-route]', 'tr[data-silence]', 'table.audit tbody tr', 'tr[data-scope]']) {
        await page.locator(selector).first().waitFor();
      }
      // Plan-step details, which the server writes in English, are worded from their notes: the banner
      // waiting for approval, and the re-route (Shanghai and Wuhan have agents to spare).
      const note = t.note.step;
      expect(await page.locator('[data-pending] tr[data-step] td.detail').first().innerText()).toBe(note.awaitingApproval);
      const rerouted = await page.locator('tr[data-step$=":browser-yellow:2"] td.detail').first().innerText();
      expect(rerouted.startsWith(note.rerouted('').trim()), rerouted).toBe(true);
      // The seats step, with its reason: "2 backup seats activated: 2 asked for → 2 backup seats".
      const backup = t.seat.backup.toLowerCase();
      const seatsDetail = note.seatsActivated(2, backup, t.note.seats.outcome(t.note.seats.asked(2), 2, backup));
      expect(await page.locator('tr[data-step$=":browser-yellow:1"] td.detail').first().innerText()).toBe(seatsDetail);
      // So is the routing's reason: "30% of Hangzhou queue voice to …" / "Hangzhou队列 voice的 30% 分流至…".
      const start = t.note.reroute.moved('30%', 'Hangzhou', t.note.reroute.queue('voice'), '\u0000', '').split('\u0000')[0]!;
      expect((await page.locator('li[data-route] .reason').first().innerText()).startsWith(start), start).toBe(true);
      // The call-outs to the standby seats name their roster in the screen's language too.
      const roster = t.note.sms.standbyRoster('Hangzhou', t.seat.backup.toLowerCase());
      const rosters = async () => (await page.locator('tr[data-sms] td.to .muted:not(.num)').allInnerTexts()).map((g) => g.replace(/^\s*·\s*/, ''));
      await waitUntil(async () => (await rosters()).length === 3 || undefined, 'the three SMS rows');
      expect((await rosters()).filter((g) => g === roster), (await rosters()).join(' | ')).toHaveLength(2);
      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, `control-${lang}-${size.width}x${size.height}`, { fullPage: true });

      if (lang === 'zh') {
        // An action's dialog asks for the reason in Chinese.
        await page.locator('.detail').getByRole('button', { name: zh.action.ack, exact: true }).click();
        const dialog = page.locator('dialog[open]');
        expect(await dialog.innerText()).toMatch(new RegExp(`${zh.action.ack}[\\s\\S]*${c.reason.replace(/[()（）]/g, '.')}[\\s\\S]*${c.back}`));
        await dialog.getByRole('button', { name: c.back }).click();
        await dialog.waitFor({ state: 'detached' });
        // As shown (innerText: headings are upper-cased, so compare without case).
        const text = (await page.locator('.control').innerText()).replace(/\s+/g, ' ').toLowerCase();
        expect(EXPECTED.filter((words) => !text.includes(words.toLowerCase())), 'Chinese words missing').toEqual([]);
        expect(await englishLeft(page)).toEqual([]);
      }
      const gaps = await page.locator('td[data-gap]').allTextContents();
      expect(gaps.length).toBeGreaterThan(3);
      for (const gap of gaps) expect(gap).toMatch(GAP_WORDS[lang]);
      expect(await controlProblems(page), `${lang} ${size.width}×${size.height}`).toEqual([]);
      // The check sees what it is for: headings shrunk under the minimum are reported.
      if (lang === 'zh' && size.width === 1920) {
        await page.addStyleTag({ content: '.control th { font-size: 10px !important; }' });
        expect((await controlProblems(page)).filter((p) => p.includes('under 12.0 px')).length).toBeGreaterThan(10);
      }
      await page.close();
    }

    // The report, in Chinese, and its CSV with Chinese headings.
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
    await openControl(page, 'zh');
    await page.locator('button.row[data-incident]').first().click();
    await page.locator('.detail').getByRole('link', { name: c.detail.report }).click();
    await page.locator('h1', { hasText: zh.report.title('') }).waitFor();
    await page.locator('.time-chart svg').waitFor();
    await page.locator('.report table.steps', { hasText: zh.stepKind.reroute }).waitFor();
    const report = (await page.locator('main.report').innerText()).replace(/\s+/g, ' ');
    for (const words of [zh.report.figures, zh.report.timeline, zh.report.opened, zh.report.byRules.replace(' · ', ''), c.steps.title, zh.report.sms, c.deliveries.title, zh.timeline.why]) {
      expect(report, words).toContain(words);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: zh.report.exportCsv }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').slice(1);
    expect(csv.split('\r\n')[0]).toBe(zh.report.csv.header.join(','));
    expect(csv).toContain(`,${zh.report.csv.timeline},`);
    await screenshot(page, 'report-zh', { fullPage: true });
    await page.close();
  }, 180_000);
});
