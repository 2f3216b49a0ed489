import { describe, expect, it } from 'vitest';
import { REPORT_LIMITS } from '../stages/metrics/history/report-routes.js';
import { startOfDay } from '../stages/metrics/day.js';
import type { MetricsByScope } from '../stages/metrics/types.js';
import { api, TOKENS, useServer } from './support/env.js';
import { csvRows, reportFigures, writeMinutes as write, xlsxRows, type Today } from './support/report-history.js';

// Shanghai's centre keeps India's clock here, so `all` spans two midnights.
const server = useServer('reports', (c) => {
  c.centres.find((x) => x.id === 'shanghai')!.timezone = 'Asia/Kolkata';
});
const MIN = 60_000;
const writeMinutes = (minutes: Array<[number, MetricsByScope]>) => write(server.prefix, minutes);
const figures = (today: Today | null, waiting: number) => reportFigures(today as (Today & Record<string, number>) | null, { waiting });

// The last Shanghai midnight a day or more ago: in the past whatever the time now, and the server records nothing there.
const M = startOfDay(startOfDay(Date.now(), 'Asia/Shanghai') - 1, 'Asia/Shanghai');
// India's midnight on the same night (Kolkata is 2.5 h behind Shanghai, no summer time in either).
const K = M + 150 * MIN;

const report = async (query: string, token = TOKENS.display) => {
  const res = await api(server.base).get(`/v1/reports?${query}`, token);
  return { status: res.status, body: (await res.json()) as { rows: Record<string, unknown>[]; columns: string[]; error?: string; timeZone: string } };
};

/** Every scope of the demo centres (26: more than a report takes). */
const everyScope = () => [
  'all',
  ...server.config.centres.flatMap((c) => [
    `centre:${c.id}`,
    ...c.queues.map((q) => `queue:${c.id}/${q.id}`),
    ...[...new Set(c.queues.map((q) => q.media))].flatMap((m) => [`media:${m}`, `media:${c.id}/${m}`]),
  ]),
];

describe('GET /v1/reports', () => {
  it('sums counts across a midnight and a gap, recomputes ratios from the sums, and gives instants max and mean', async () => {
    const voice = (today: Today, waiting: number): MetricsByScope => ({ 'queue:wuhan/voice': figures(today, waiting) });
    await writeMinutes([
      [M - 20 * MIN, voice({ offered: 40, answered: 30, abandoned: 6, shortAbandoned: 2, within: 25, slBase: 34 }, 2)],
      [M - 10 * MIN, voice({ offered: 46, answered: 35, abandoned: 7, shortAbandoned: 2, within: 28, slBase: 40 }, 6)],
      [M - 1 * MIN, voice({ offered: 50, answered: 38, abandoned: 8, shortAbandoned: 3, within: 30, slBase: 43 }, 4)],
      // Midnight: today starts again.
      [M, voice({ offered: 1, answered: 0, abandoned: 0, shortAbandoned: 0, within: 0, slBase: 0 }, 1)],
      [M + 5 * MIN, voice({ offered: 4, answered: 3, abandoned: 1, shortAbandoned: 0, within: 2, slBase: 4 }, 3)],
      // Nothing recorded for 14 minutes: their contacts land on the next recorded minute.
      [M + 20 * MIN, voice({ offered: 10, answered: 8, abandoned: 2, shortAbandoned: 1, within: 6, slBase: 8 }, 0)],
    ]);
    const { status, body } = await report(`scopes=queue:wuhan/voice&interval=15m&from=${M - 30 * MIN}&to=${M + 30 * MIN}`);
    expect(status).toBe(200);
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.rows.map((r) => [Date.parse(r.start as string), Date.parse(r.end as string), r.minutes])).toEqual([
      [M - 30 * MIN, M - 15 * MIN, 1],
      [M - 15 * MIN, M, 2],
      [M, M + 15 * MIN, 2],
      [M + 15 * MIN, M + 30 * MIN, 1],
    ]);
    const pick = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'answeredWithinThreshold', 'serviceLevel', 'abandonRate', 'waiting.max', 'waiting.mean'];
    const figuresOf = (r: Record<string, unknown>) => Object.fromEntries(pick.map((k) => [k, r[k]]));
    expect(body.rows.map(figuresOf)).toEqual([
      // The day's first recorded minute carries the day so far.
      { offered: 40, answered: 30, abandoned: 6, shortAbandoned: 2, answeredWithinThreshold: 25, serviceLevel: 25 / 34, abandonRate: (6 - 2) / (40 - 2), 'waiting.max': 2, 'waiting.mean': 2 },
      { offered: 10, answered: 8, abandoned: 2, shortAbandoned: 1, answeredWithinThreshold: 5, serviceLevel: 5 / 9, abandonRate: (2 - 1) / (10 - 1), 'waiting.max': 6, 'waiting.mean': 5 },
      // After midnight the running count is the day's: 1, then 4 − 1.
      { offered: 4, answered: 3, abandoned: 1, shortAbandoned: 0, answeredWithinThreshold: 2, serviceLevel: 2 / 4, abandonRate: 1 / 4, 'waiting.max': 3, 'waiting.mean': 2 },
      { offered: 6, answered: 5, abandoned: 1, shortAbandoned: 1, answeredWithinThreshold: 4, serviceLevel: 4 / 4, abandonRate: 0 / 5, 'waiting.max': 0, 'waiting.mean': 0 },
    ]);
  });

  it('adds up a roll-up from its centres, each reset at its own midnight', async () => {
    const today = (offered: number): Today => ({ offered, answered: 0, abandoned: 0, shortAbandoned: 0, within: 0, slBase: 0 });
    await writeMinutes([
      [K - 5 * MIN, { 'centre:shanghai': figures(today(20), 0), 'centre:wuhan': figures(today(60), 0), all: figures(null, 7) }],
      // India's midnight passed: Shanghai's centre starts again, Wuhan's day goes on.
      [K + 5 * MIN, { 'centre:shanghai': figures(today(3), 0), 'centre:wuhan': figures(today(64), 0), all: figures(null, 9) }],
    ]);
    const { status, body } = await report(`scopes=all,centre:shanghai&metrics=offered,waiting&interval=1h&from=${K - 30 * MIN}&to=${K + 30 * MIN}`);
    expect(status).toBe(200);
    expect(body.timeZone).toBe('UTC'); // the centres' zones differ
    expect(body.columns).toEqual(['offered', 'waiting.max', 'waiting.mean']);
    // K is 18:30 UTC: one UTC hour holds the whole range.
    expect(body.rows).toEqual([
      { scope: 'all', start: new Date(K - 30 * MIN).toISOString().replace('.000', ''), end: new Date(K + 30 * MIN).toISOString().replace('.000', ''), minutes: 2, offered: 20 + 3 + 64, 'waiting.max': 9, 'waiting.mean': 8 },
      { scope: 'centre:shanghai', start: expect.any(String), end: expect.any(String), minutes: 2, offered: 20 + 3, 'waiting.max': 0, 'waiting.mean': 0 },
    ]);
  });

  it('reports the panorama the same way: FCR, containment and cost per contact from interval sums, backlog as an instant, regions from their centres', async () => {
    const base: Today = { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, within: 0, slBase: 0 };
    const day = (resolved: number, resolvedKnown: number, ivrContained: number, ivrTransferred: number, cost: number, costedContacts: number) =>
      ({ ...base, resolved, resolvedKnown, ivrContained, ivrTransferred, cost, costedContacts });
    const at = M - 3 * 3_600_000;
    await writeMinutes([
      [at, { 'centre:hangzhou': reportFigures(day(5, 8, 10, 4, 7.7, 10), { waiting: 0, backlogOpen: 12 }) }],
      [at + MIN, { 'centre:hangzhou': reportFigures(day(9, 14, 13, 9, 8.47, 11), { waiting: 0, backlogOpen: 15 }) }],
      [at + 2 * MIN, { 'centre:hangzhou': reportFigures(day(12, 18, 20, 9, 8.6, 12), { waiting: 0, backlogOpen: 9 }) }],
    ]);
    // The minute before `from` only sets the differences.
    const { status, body } = await report(`scopes=centre:hangzhou,region:hangzhou&metrics=fcr,containmentRate,cost,costPerContact,backlog.open&interval=1h&from=${at + MIN}&to=${at + 3 * MIN}`);
    expect(status).toBe(200);
    // Columns come in the catalogue's order, whatever the query's.
    expect(body.columns).toEqual(['fcr', 'backlog.open.max', 'backlog.open.mean', 'containmentRate', 'cost', 'costPerContact']);
    const expected = {
      fcr: (12 - 5) / (18 - 8),
      containmentRate: (20 - 10) / (20 - 10 + (9 - 4)),
      cost: 0.9, // 8.6 − 7.7, with no binary fractions left over
      costPerContact: 0.9 / (12 - 10),
    };
    expect(body.rows).toEqual([
      { scope: 'centre:hangzhou', start: expect.any(String), end: expect.any(String), minutes: 2, ...expected, 'backlog.open.max': 15, 'backlog.open.mean': 12 },
      // The demo's centres are each their own region: no roll-up minutes of its own, its counts from the centre.
      { scope: 'region:hangzhou', start: expect.any(String), end: expect.any(String), minutes: 0, ...expected, 'backlog.open.max': null, 'backlog.open.mean': null },
    ]);
  });

  it('gives the same rows as CSV and XLSX files', async () => {
    const query = `scopes=queue:wuhan/voice,all&interval=15m&from=${M - 30 * MIN}&to=${M + 30 * MIN}`;
    const { body } = await report(query);
    const fields = ['scope', 'start', 'end', 'minutes', ...body.columns];
    const csv = await api(server.base).get(`/v1/reports?${query}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="surge-report-15m-.*\.csv"$/);
    const fromCsv = csvRows(await csv.text());
    expect(fromCsv.fields).toEqual(fields);
    expect(fromCsv.rows).toEqual(body.rows);

    const xlsx = await api(server.base).get(`/v1/reports?${query}&format=xlsx`);
    expect(xlsx.headers.get('content-disposition')).toMatch(/filename="surge-report-15m-.*\.xlsx"$/);
    const { fields: header, rows } = await xlsxRows(Buffer.from(await xlsx.arrayBuffer()));
    expect(header).toEqual(fields);
    expect(rows).toEqual(body.rows);
  });

  it('refuses what it cannot answer, saying why', async () => {
    const range = `from=${M - 30 * MIN}&to=${M + 30 * MIN}`;
    const refusals: Array<[string, RegExp]> = [
      [`scopes=centre:atlantis&${range}`, /unknown scope "centre:atlantis"/],
      [`scopes=queue:wuhan/nope&${range}`, /unknown scope "queue:wuhan\/nope"/],
      [`metrics=offered,happiness&${range}`, /unknown metric "happiness" \(metrics: offered, /],
      [`interval=5m&${range}`, /interval must be one of 15m, 30m, 1h, 1d/],
      [`interval=__proto__&${range}`, /interval must be one of 15m, 30m, 1h, 1d/],
      [`interval=toString&${range}`, /interval must be one of 15m, 30m, 1h, 1d/],
      [`scopes=__proto__&metrics=constructor&${range}`, /unknown scope "__proto__"/],
      [`format=pdf&${range}`, /format must be one of json, csv, xlsx/],
      [`from=${M}&to=${M}`, /from must be before to/],
      [`from=${M}&to=${M - MIN}`, /from must be before to/],
      [`from=yesterday`, /from must be epoch ms or an ISO-8601 time/],
      [`tz=Mars/Olympus&${range}`, /tz must be an IANA time zone/],
      [`from=${Date.now() - 31 * 86_400_000}`, /older than the history kept \(30 days\)/],
      [`scopes=${everyScope().join(',')}&${range}`, /at most 20 scopes in one report \(asked for 26\)/],
      [`scopes=all,centre:wuhan&interval=15m&from=${Date.now() - 29 * 86_400_000}`, /would have \d+ rows \(limit 5000\)/],
      // Each roll-up reads its own minutes and each centre's: 12 series for 29 days.
      [`scopes=all,media:voice,media:chat&interval=1d&from=${Date.now() - 29 * 86_400_000}`, /would read \d+ hours of history \(limit 5000\)/],
    ];
    for (const [query, reason] of refusals) {
      const { status, body } = await report(query);
      expect({ query, status, error: body.error }).toEqual({ query, status: 400, error: expect.stringMatching(reason) });
    }
  });

  it('answers the roles that read history, and no one else', async () => {
    const query = `scopes=all&from=${M - 30 * MIN}&to=${M}`;
    expect((await report(query, TOKENS.acd)).status).toBe(200);
    expect((await report(query, TOKENS.dispatcher)).status).toBe(200);
    expect((await report(query, TOKENS.ingest)).status).toBe(403);
    expect((await report(query, 'no-such-token')).status).toBe(401);
  });
});
