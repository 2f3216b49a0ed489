/**
 * /metrics through prom-client: a strict parse of the exposition (server/testkit/exposition.ts),
 * the histograms and default process metrics, and the contact-centre gauges equal to what
 * /v1/metrics serves for each scope after real events, with scope labels from the config only.
 * The pipeline runs on a clock held still, so the committed figures do not move between reads.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../main.js';
import { configuredScopes } from '../platform/ops/centre-metrics.js';
import type { ScopeMetrics } from '../stages/metrics/types.js';
import { parseExposition, type Family } from '../testkit/exposition.js';
import { api, demoConfig, quietLogger, removeKeys, TOKENS, uniquePrefix, waitUntil, writeRulesFolder } from './support/env.js';
import { quickVoiceRules } from './support/quick-rules.js';

const prefix = uniquePrefix('ops-metrics');
const { dir: rulesDir, plansDir } = writeRulesFolder(quickVoiceRules({ scope: 'queue:hangzhou/voice', at: { yellow: 2 } }), 'plans: []\n');
const config = demoConfig(prefix, (c) => {
  c.rules.dir = rulesDir;
  c.plans.dir = plansDir;
});
const now = Date.now();
let server: RunningServer;
let base = '';
beforeAll(async () => {
  server = await startServer(config, quietLogger(), { port: 0, clock: () => now });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.stop();
  await removeKeys(prefix);
});

const ADMIN = 'demo-admin-token';
const event = (n: number, type: string, ago: number, fields: Record<string, unknown>) => ({ id: `${prefix}-${n}`, type, ts: now - ago * 1000, centre: 'hangzhou', ...fields });
const EVENTS = [
  event(1, 'agent.state', 120, { agentId: 'a1', state: 'available', seatType: 'onsite', skills: ['voice'] }),
  event(2, 'agent.state', 120, { agentId: 'a2', state: 'aux', seatType: 'home', skills: ['voice'], reason: 'break' }),
  event(3, 'contact.queued', 90, { contactId: 'k1', queue: 'voice', media: 'voice' }),
  event(4, 'contact.answered', 80, { contactId: 'k1', queue: 'voice', agentId: 'a1' }),
  event(5, 'contact.queued', 70, { contactId: 'k2', queue: 'voice', media: 'voice' }),
  event(6, 'contact.abandoned', 40, { contactId: 'k2', queue: 'voice' }),
  event(7, 'contact.queued', 30, { contactId: 'k3', queue: 'voice', media: 'voice' }),
  event(8, 'contact.queued', 10, { contactId: 'k4', queue: 'voice', media: 'voice' }),
];

/** value reads one sample of a family by its labels (undefined when absent). */
function value(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.get(name.replace(/_(bucket|sum|count)$/, '')) ?? families.get(name);
  return family?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v) && Object.keys(s.labels).length === Object.keys(labels).length)?.value;
}

async function scrape(): Promise<{ text: string; families: Map<string, Family>; contentType: string | null }> {
  const res = await api(base).get('/metrics', ADMIN);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, families: parseExposition(text), contentType: res.headers.get('content-type') };
}

describe('/metrics', () => {
  it('is valid exposition with process metrics, and histograms of ingest, steps and pushes', async () => {
    const res = await api(base).postEvents(EVENTS.map((e) => JSON.stringify(e)).join('\n'));
    expect(await res.json()).toMatchObject({ accepted: EVENTS.length });
    await waitUntil(async () => ((await (await api(base).get('/v1/metrics/queue:hangzhou/voice')).json()) as { scope: ScopeMetrics }).scope.waiting === 2, 'the events to be committed');

    const { families, contentType } = await waitUntil(async () => {
      const scraped = await scrape();
      return (value(scraped.families, 'surge_push_delivery_seconds_count', { kind: 'delta' }) ?? 0) > 0 ? scraped : undefined;
    }, 'a delta pushed');
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) expect(families.has(name), name).toBe(true);
    expect(families.get('nodejs_gc_duration_seconds')?.type).toBe('histogram');

    for (const name of ['surge_ingest_batch_duration_seconds', 'surge_pipeline_step_duration_seconds', 'surge_push_delivery_seconds']) expect(families.get(name)?.type, name).toBe('histogram');
    expect(value(families, 'surge_ingest_batch_duration_seconds_count')).toBe(1);
    expect(value(families, 'surge_ingest_batch_duration_seconds_sum')).toBeGreaterThan(0);
    expect(value(families, 'surge_pipeline_step_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(families, 'surge_ingest_events_total', { outcome: 'accepted' })).toBe(EVENTS.length);
    expect(value(families, 'surge_uws_backend_info', { backend: server.uws.backend, binary: server.uws.binary })).toBe(1);
    expect(value(families, 'surge_open_incidents', { level: 'yellow' })).toBe(1);
    expect((await api(base).get('/metrics', TOKENS.display)).status).toBe(403);
  });

  it('exports the committed contact-centre figures of every configured scope, as /v1/metrics serves them', async () => {
    const figures = (await (await api(base).get('/v1/metrics')).json()) as { asOf: number; scopes: Record<string, ScopeMetrics> };
    const { families } = await scrape();
    expect(value(families, 'surge_cc_figures_timestamp_seconds')).toBe(figures.asOf / 1000);

    const scopes = configuredScopes(config.centres);
    const labelled = (name: string) => new Set(families.get(name)!.samples.map((s) => s.labels.scope));
    expect([...labelled('surge_cc_level')].sort()).toEqual([...scopes].sort());
    // Every scope but the skills' (named by events, so never series labels).
    expect([...labelled('surge_cc_waiting_contacts')].sort()).toEqual(Object.keys(figures.scopes).filter((s) => !s.startsWith('skill:')).sort());

    for (const scope of scopes) {
      const m = figures.scopes[scope]!;
      expect(value(families, 'surge_cc_waiting_contacts', { scope }), scope).toBe(m.waiting);
      expect(value(families, 'surge_cc_longest_wait_seconds', { scope }), scope).toBe(m.longestWaitSec);
      expect(value(families, 'surge_cc_agents_staffed', { scope }), scope).toBe(m.agents.staffed);
      for (const [state, field] of [['available', 'available'], ['on_contact', 'onContact'], ['acw', 'acw'], ['aux', 'aux']] as const) {
        expect(value(families, 'surge_cc_agents', { scope, state }), `${scope} ${state}`).toBe(m.agents[field]);
      }
      for (const window of ['5m', '15m', 'today'] as const) {
        const w = m.windows[window];
        expect(value(families, 'surge_cc_service_level_ratio', { scope, window }), `${scope} ${window}`).toBe(w.serviceLevel ?? undefined);
        expect(value(families, 'surge_cc_abandon_rate_ratio', { scope, window }), `${scope} ${window}`).toBe(w.abandonRate ?? undefined);
        expect(value(families, 'surge_cc_offered_contacts', { scope, window }), `${scope} ${window}`).toBe(w.offered);
      }
    }
    // What the events make of Hangzhou voice, so the comparison above is of figures that moved.
    const voice = { scope: 'queue:hangzhou/voice' };
    expect(value(families, 'surge_cc_waiting_contacts', voice)).toBe(2);
    expect(value(families, 'surge_cc_longest_wait_seconds', voice)).toBe(30);
    expect(value(families, 'surge_cc_service_level_ratio', { ...voice, window: '15m' })).toBe(0.5);
    expect(value(families, 'surge_cc_agents', { ...voice, state: 'aux' })).toBe(1);
    // Levels: the quick rule put the queue at yellow; every other scope stands at normal.
    expect(value(families, 'surge_cc_level', voice)).toBe(1);
    expect(value(families, 'surge_cc_level', { scope: 'queue:wuhan/voice' })).toBe(0);
  });

  it('takes no scope label from a request: an unknown queue is refused, and adds no series', async () => {
    const res = await api(base).postEvents(JSON.stringify(event(99, 'contact.queued', 5, { contactId: 'k9', queue: 'nowhere', media: 'voice' })));
    expect((await res.json()).rejected[0].error).toMatch(/unknown queue "nowhere"/);
    const { families } = await scrape();
    const scopes = new Set(configuredScopes(config.centres));
    for (const family of families.values()) for (const s of family.samples) if (s.labels.scope !== undefined) expect(scopes.has(s.labels.scope), s.labels.scope).toBe(true);
  });

  it('is documented metric by metric in docs/operations-metrics.md', async () => {
    const doc = readFileSync('docs/operations-metrics.md', 'utf8');
    const documented = [...doc.matchAll(/^\| `(surge_[a-z0-9_]+)` \| (\w+) \| ([^|]+) \|/gm)].map((m) => ({ name: m[1]!, type: m[2]!, labels: m[3]!.trim() }));
    const { families } = await scrape();
    const served = [...families.values()].filter((f) => f.name.startsWith('surge_'));
    expect(documented.map((d) => d.name).sort()).toEqual(served.map((f) => f.name).sort());
    for (const family of served) {
      const row = documented.find((d) => d.name === family.name)!;
      expect(row.type, family.name).toBe(family.type);
      const labels = new Set(family.samples.flatMap((s) => Object.keys(s.labels)).filter((l) => l !== 'le'));
      expect(row.labels === '—' ? [] : row.labels.split(', ').sort(), family.name).toEqual([...labels].sort());
    }
    expect(doc).toContain(`(for the demo config: ${configuredScopes(config.centres).length} scopes)`);
  });

  it('has a Grafana dashboard of those metrics, a panel per figure and a scope variable', async () => {
    const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as {
      templating: { list: { name: string; type: string; query: unknown; multi?: boolean }[] };
      panels: { type: string; title: string; targets?: { expr: string }[] }[];
    };
    const scope = dashboard.templating.list.find((v) => v.name === 'scope');
    expect(scope).toMatchObject({ type: 'query', multi: true, query: { query: 'label_values(surge_cc_level, scope)' } });
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const { families } = await scrape();
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b(?:surge|process|nodejs)_[a-z0-9_]+/g)].map((m) => m[0])));
    for (const name of used) expect(families.has(name) || families.has(name.replace(/_(bucket|sum|count)$/, '')), name).toBe(true);
    for (const figure of [...families.keys()].filter((n) => n.startsWith('surge_cc_'))) expect(used.has(figure), `a panel for ${figure}`).toBe(true);
    // Each per-scope figure follows the variable.
    for (const e of exprs.filter((x) => /surge_cc_(?!figures)/.test(x))) expect(e).toContain('scope=~"$scope"');
    expect(readFileSync('docs/operations-metrics.md', 'utf8')).toContain('(grafana-dashboard.json)');
  });
});
