/**
 * The forecast on the screens, in Debian's Chromium against a real server and Redis: Shanghai's
 * traffic curve (offered per 15 minutes, the forecast band, last week) drawn from history written
 * before the server starts, its points where `GET /v1/traffic` says; and an early warning (a rule on
 * `forecast.arrivals.15m`) raising a predicted-red incident whose lead time the wall's banner and the
 * control screen's incident list and detail show. At 1920×1080 and 3840×2160, with the hall checks.
 *
 * No calendar: Shanghai's zone is set to the fixed-offset zone where it is now early afternoon, so the
 * day always has whole slots behind it; every time comes from now.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createKeys } from '../../platform/redis/keys.js';
import { startOfDay } from '../../stages/metrics/day.js';
import { HistoryStore } from '../../stages/metrics/history/store.js';
import type { TrafficCurve } from '../../stages/metrics/history/traffic.js';
import type { Incident } from '../../stages/incidents/types.js';
import type { MetricsByScope } from '../../stages/metrics/types.js';
import type { StaffingRow } from '../../stages/plans/index.js';
import { trafficView } from '../../../wallboard/src/lib/traffic.js';
import { count, decimal, duration, percent, staffing as gapWords } from '../../../wallboard/src/lib/format.js';
import { t } from '../../../wallboard/src/i18n/index.js';
import { demoConfig, REDIS_URL, TOKENS, uniquePrefix, waitUntil } from '../support/env.js';
import { CENTRES, NO_BROWSER, screenshot, signInWithToken, useSurge } from './support.js';
import { controlProblems, hallProblems } from './hall-checks.js';
import { Traffic } from './traffic.js';

const MIN = 60_000;
const SLOT = 15 * MIN;
const DAY = 86_400_000;
const prefix = uniquePrefix('browser-forecast');
const traffic = new Traffic(prefix);

/** The fixed-offset zone where it is now between 13:00 and 14:00 (Etc/GMT-8 is UTC+8). */
function afternoonZone(now: number): string {
  let offset = 13 - new Date(now).getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const started = Date.now();
const ZONE = afternoonZone(started);
const dayStart = startOfDay(started, ZONE);
/** The minutes written before the server starts: today's up to the one before now, and the whole day a week before. */
const seededUntil = Math.floor(started / MIN) * MIN - MIN;
/** Seeded: 2 offered a minute today (30 a slot), the forecast 29 a slot ahead with a 10 % error (band 26.1–31.9); 1 a minute last week (15 a slot). */
const FORECAST = { arrivals: { '15m': 29, '30m': 58, '60m': 116 }, accuracy: 0.1 };

/** seed writes a minute's figures for each minute of [from, to] through the HistoryStore, as the pipeline would. */
async function seed(history: HistoryStore, from: number, to: number, perMin: number, forecast: object | undefined): Promise<void> {
  const figures = (i: number) => ({ 'centre:shanghai': { windows: { today: { offered: (i + 1) * perMin } }, forecast } }) as unknown as MetricsByScope;
  let i = 0;
  for (let at = from; at <= to; at += MIN, i++) await history.record(figures(i), at + 30_000);
  await history.record({}, to + 90_000); // the last minute is written when the next one starts
}

// An early warning on Shanghai alone: red while 3 or more contacts are forecast for the next 15 minutes.
const EARLY_WARNING = `  - name: early-shanghai
    scope: centre:shanghai
    clear: 1h
    red: { when: forecast.arrivals.15m >= 3, for: 0s }
`;

const surge = useSurge(prefix, () => [traffic.morning(CENTRES, { hangzhou: 0, shanghai: 0, wuhan: 0 })], async () => {
  const redis = new Redis(REDIS_URL);
  const keys = createKeys(prefix);
  await seed(new HistoryStore(redis, keys, 30 * 86_400), dayStart - 7 * DAY, dayStart - 6 * DAY - MIN, 1, undefined);
  await seed(new HistoryStore(redis, keys, 30 * 86_400), dayStart, seededUntil, 2, FORECAST);
  redis.disconnect();
  return {
    moreRules: EARLY_WARNING,
    configure: (c) => {
      c.centres.find((centre) => centre.id === 'shanghai')!.timezone = ZONE;
    },
  };
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${surge.server.base}${path}`, { headers: { authorization: `Bearer ${TOKENS.display}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** The predicted incident the early warning raised at Shanghai. */
async function predictedIncident(): Promise<Incident & { predicted: NonNullable<Incident['predicted']> }> {
  const found = await waitUntil(async () => (await get<{ incidents: Incident[] }>('/v1/incidents?state=open')).incidents.find((i) => i.centre === 'shanghai' && i.predicted), 'the early warning at Shanghai');
  return found as Incident & { predicted: NonNullable<Incident['predicted']> };
}

/** points of a d3 path made of M/L commands. */
function points(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

interface Drawn {
  band: { d: string; box: { x: number; y: number; width: number; height: number } };
  offered: { cx: number; cy: number }[];
  lastWeek: string;
  forecast: string;
  baseline: number;
  markers: number;
}

/** drawn reads a traffic curve's SVG: the band, the offered dots, the last-week and forecast lines, the time axis baseline and the markers. */
function drawn(page: Page, root: string): Promise<Drawn> {
  return page.locator(root).evaluate((el) => {
    const band = el.querySelector<SVGPathElement>('.forecast-band path.band')!;
    const box = band.getBBox();
    return {
      band: { d: band.getAttribute('d') ?? '', box: { x: box.x, y: box.y, width: box.width, height: box.height } },
      offered: [...el.querySelectorAll('.offered circle')].map((c) => ({ cx: Number(c.getAttribute('cx')), cy: Number(c.getAttribute('cy')) })),
      lastWeek: el.querySelector('.last-week path')?.getAttribute('d') ?? '',
      forecast: el.querySelector('.forecast path')?.getAttribute('d') ?? '',
      baseline: Number(el.querySelector('.axis > line')?.getAttribute('y1')),
      markers: el.querySelectorAll('.markers line').length,
    };
  });
}

/**
 * shownCurves keeps the last `GET /v1/traffic` answer the page received for each centre: the curve it draws. (Read
 * from the API again, the figures may have moved on since the page's own poll, every 30 s: a slot one dot ahead.)
 */
function shownCurves(page: Page): (centre: string) => Promise<TrafficCurve> {
  const shown = new Map<string, Promise<TrafficCurve>>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    const centre = url.searchParams.get('centre');
    if (url.pathname === '/v1/traffic' && centre && response.ok()) shown.set(centre, response.json() as Promise<TrafficCurve>);
  });
  return async (centre) => {
    const curve = shown.get(centre);
    if (!curve) throw new Error(`the page fetched no traffic curve for ${centre}`);
    return curve;
  };
}

/** checkCurve: the curve drawn in `root` has a band, and the seeded slots' dots sit at 30 where last week's line sits at 15. */
async function checkCurve(page: Page, root: string, curve: TrafficCurve, recentHours?: number): Promise<void> {
  await page.locator(`${root} .offered circle`).first().waitFor();
  const view = trafficView(curve, recentHours);
  const d = await drawn(page, root);
  expect(d.band.d).toMatch(/^M/);
  expect(d.band.box.width).toBeGreaterThan(20);
  expect(d.band.box.height).toBeGreaterThan(2);
  expect(d.offered).toHaveLength(view.actual.filter((p) => p.v !== null).length);
  expect(d.markers).toBe(view.marks.filter((m) => m.t >= view.xDomain[0] && m.t <= view.xDomain[1]).length);
  const week = points(d.lastWeek);
  // The next hour is drawn as forecast only: the forecast line reaches the first slot to come, no offered dot does
  // (last week's line has a point at every slot's middle, so it gives the slot's x).
  const next = view.slots.findIndex((s) => s.at > curve.now);
  expect(view.slots[next]!.forecast).not.toBeNull();
  const nextX = week[next]![0];
  expect(points(d.forecast).some(([x]) => Math.abs(x - nextX) < 0.5)).toBe(true);
  for (const dot of d.offered) expect(dot.cx).toBeLessThan(nextX);
  const full = view.slots.filter((s) => s.at + SLOT <= seededUntil && s.at >= dayStart);
  expect(full.length).toBeGreaterThan(2);
  const offeredDots = view.slots.map((s, i) => ({ s, i })).filter(({ s }) => s.actual !== null);
  for (const slot of full) {
    const dot = d.offered[offeredDots.findIndex(({ s }) => s.at === slot.at)]!;
    const onWeek = week.find(([x]) => Math.abs(x - dot.cx) < 0.5);
    expect(onWeek, `last week's line at ${new Date(slot.at).toISOString()}`).toBeDefined();
    // Heights above the axis: 30 offered is twice last week's 15, and inside the band's height.
    const ratio = (d.baseline - dot.cy) / (d.baseline - onWeek![1]);
    expect(ratio).toBeGreaterThan(1.95);
    expect(ratio).toBeLessThan(2.05);
    expect(dot.cy).toBeGreaterThanOrEqual(d.band.box.y);
    expect(dot.cy).toBeLessThanOrEqual(d.band.box.y + d.band.box.height);
  }
}

/** checkAxisZone: each time-axis label (the last axis drawn) of the whole-day curve is the hour and minute at its tick in the centre's zone. */
async function checkAxisZone(page: Page, root: string, curve: TrafficCurve): Promise<void> {
  const axis = await page.locator(`${root} .axis`).last().evaluate((el) => {
    const line = el.querySelector('line')!;
    const ticks = [...el.querySelectorAll('g[transform]')].map((g) => ({ x: Number(/translate\(([-\d.e]+),/.exec(g.getAttribute('transform') ?? '')?.[1]), label: g.querySelector('text')?.textContent ?? '' }));
    return { x1: Number(line.getAttribute('x1')), x2: Number(line.getAttribute('x2')), ticks };
  });
  expect(axis.ticks.length).toBeGreaterThan(2);
  const inZone = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ZONE });
  for (const tick of axis.ticks) {
    const at = curve.from + ((tick.x - axis.x1) / (axis.x2 - axis.x1)) * (curve.to - curve.from);
    expect(tick.label).toBe(inZone.format(Math.round(at / MIN) * MIN));
  }
}

interface StaffingBody {
  staffing: StaffingRow[];
  forecastAccuracy: Record<string, number | null>;
}

/** staffingWords: what the staffing panel should show for an answer of `GET /v1/staffing` — each queue's forecast rows and each centre's accuracy line. */
function staffingWords(body: StaffingBody): { ahead: string[][]; accuracy: string[] } {
  const w = t.control.staffing;
  const names = Object.fromEntries(demoConfig(prefix).centres.map((c) => [c.id, c.name]));
  const ahead = body.staffing.flatMap((row) =>
    row.forecast === null
      ? []
      : (['15m', '30m', '60m'] as const).map((h) => {
          const f = row.forecast![h];
          return [row.scope, h, decimal(f.loadPerMin, 1), count(f.requiredAgents), gapWords(f.gap), duration(f.waitSec), percent(f.abandonRate), percent(f.serviceLevel)];
        }),
  );
  const accuracy = CENTRES.map((c) => {
    const a = body.forecastAccuracy[c];
    return a === null || a === undefined ? w.learning(names[c]!) : w.accuracy(names[c]!, Math.round(a * 100));
  });
  return { ahead, accuracy };
}

/** shownStaffing reads the staffing panel's forecast rows and accuracy lines, in the order staffingWords gives them. */
function shownStaffing(page: Page): Promise<{ ahead: string[][]; accuracy: string[] }> {
  return page.evaluate((centres) => {
    const figures = ['loadPerMin', 'requiredAgents', 'gap', 'waitSec', 'abandonRate', 'serviceLevel'];
    const ahead = [...document.querySelectorAll<HTMLElement>('tr.ahead')].map((row) => [row.dataset.scope ?? '', row.dataset.horizon ?? '', ...figures.map((f) => row.querySelector(`td[data-figure="${f}"]`)?.textContent?.trim() ?? '')]);
    const accuracy = centres.map((c) => document.querySelector(`[data-accuracy-centre="${c}"]`)?.textContent?.trim() ?? '');
    return { ahead, accuracy };
  }, [...CENTRES]);
}

/** checkStaffingForecast: the staffing panel's forecast numbers and accuracy lines are those of `GET /v1/staffing` (the answer just before or just after reading the screen: both refresh). */
async function checkStaffingForecast(page: Page): Promise<void> {
  await page.locator('tr.ahead[data-horizon="60m"]').first().waitFor();
  let last: { shown: unknown; expected: unknown } = { shown: null, expected: null };
  const matched = await waitUntil(async () => {
    const before = staffingWords(await get<StaffingBody>('/v1/staffing'));
    const shown = await shownStaffing(page);
    const after = staffingWords(await get<StaffingBody>('/v1/staffing'));
    last = { shown, expected: after };
    const same = (a: unknown) => JSON.stringify(a) === JSON.stringify(shown);
    return (same(before) || same(after)) && shown.ahead.length > 0;
  }, 'the staffing panel to show the forecast of GET /v1/staffing').catch(() => false);
  if (!matched) expect(last.shown).toEqual(last.expected);
  expect((last.shown as { ahead: unknown[] }).ahead.length).toBeGreaterThan(0);
}

describe.skipIf(NO_BROWSER !== null)('the forecast on the screens', () => {
  it('serves the curve from history: offered per slot, the band from the forecast’s error, last week', async () => {
    const curve = await get<TrafficCurve>('/v1/traffic?centre=shanghai');
    expect(curve).toMatchObject({ centre: 'shanghai', timeZone: ZONE, from: dayStart, to: dayStart + DAY });
    const full = curve.slots.filter((s) => s.at + SLOT <= seededUntil);
    expect(full.length).toBeGreaterThanOrEqual(52);
    expect(full[0]).toEqual({ at: dayStart, actual: 30, forecast: null, low: null, high: null, lastWeek: 15 });
    for (const s of full.slice(1)) expect(s).toEqual({ at: s.at, actual: 30, forecast: 29, low: 26.1, high: 31.9, lastWeek: 15 });
    // Slots to come: nothing offered yet, last week's all the same; the next hour's forecast from the latest row.
    const ahead = curve.slots.filter((s) => s.at > curve.now && s.at < curve.now + 60 * MIN);
    expect(ahead.length).toBeGreaterThanOrEqual(3);
    // The look-ahead runs an hour from the latest history row, which may trail `now` by a minute or more under load.
    const covered = ahead.filter((s) => s.at < curve.now + 45 * MIN);
    expect(covered.length).toBeGreaterThanOrEqual(2);
    for (const s of covered) expect(s).toMatchObject({ actual: null, lastWeek: 15, forecast: expect.any(Number), low: expect.any(Number), high: expect.any(Number) });
    for (const s of ahead) expect(s).toMatchObject({ actual: null, lastWeek: 15 });
    expect(curve.slots.at(-1)).toMatchObject({ actual: null, forecast: null, lastWeek: 15 });
  });

  it('the wall draws the curve in Shanghai’s tile and names the predicted level with its lead time, at 1080p and 4K', async () => {
    const { predicted } = await predictedIncident();
    expect(predicted.level).toBe('red');
    expect(predicted.inMin).toBeGreaterThanOrEqual(1);
    const words = `predicted red in ${predicted.inMin} min`;
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }]) {
      const page = await surge.browser.newPage({ viewport });
      const shown = shownCurves(page);
      await page.goto(`${surge.server.base}/wall?token=${TOKENS.display}`);
      await page.locator('.banner [data-predicted="red"]', { hasText: words }).waitFor();
      await page.locator('article[data-centre="shanghai"] [data-traffic="shanghai"] .offered circle').first().waitFor();
      const curve = await shown('shanghai');
      await checkCurve(page, 'article[data-centre="shanghai"] [data-traffic="shanghai"]', curve, 3);
      expect(await hallProblems(page)).toEqual([]);
      await screenshot(page, `wall-forecast-${viewport.width}`);
      await page.close();
    }
  });

  it('the control screen draws each centre’s curve, says which incident is predicted and when, and its staffing panel shows the API’s forecast and accuracy', async () => {
    const incident = await predictedIncident();
    // A browser in a half-hour zone (never the clock of Shanghai's whole-hour test zone): the axis still reads the centre's clock.
    const page = await surge.browser.newPage({ viewport: { width: 1600, height: 1200 }, timezoneId: 'Asia/Kolkata' });
    const shown = shownCurves(page);
    await page.goto(`${surge.server.base}/control`);
    await signInWithToken(page, TOKENS.dispatcher);
    const words = `predicted red in ${incident.predicted.inMin} min`;
    const row = page.locator(`button.row[data-incident="${incident.id}"]`);
    await row.locator('[data-predicted="red"]', { hasText: words }).waitFor();
    await row.click();
    await page.locator('.detail dd[data-predicted="red"]', { hasText: words }).waitFor();
    await page.locator('figure[data-traffic-centre="shanghai"] .offered circle').first().waitFor();
    const curve = await shown('shanghai');
    await checkCurve(page, 'figure[data-traffic-centre="shanghai"]', curve);
    await checkAxisZone(page, 'figure[data-traffic-centre="shanghai"]', curve);
    for (const centre of CENTRES) await page.locator(`figure[data-traffic-centre="${centre}"] svg`).waitFor();
    await checkStaffingForecast(page);
    expect(await controlProblems(page)).toEqual([]);
    await screenshot(page, 'control-forecast', { fullPage: true });
    await page.close();
  });
});
