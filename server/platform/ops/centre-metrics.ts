/**
 * registerCentreMetrics exports the contact-centre figures per scope, as committed in the read
 * model, so operations teams can chart them beside their infrastructure: waiting, longest wait,
 * service level and abandon rate per window, agents by state, and each scope's level.
 * The `scope` label takes only the scopes the config defines (centres, their queues, media), never
 * a name from a request or an event, so the number of series is bounded by the config.
 * When the read model cannot be read (Redis away) these gauges have no samples, and the rest of
 * the scrape — process and server metrics — still answers.
 */
import { Gauge, type Registry } from 'prom-client';
import type { CentreConfig } from '../../config/topology.js';
import type { ReadModel } from '../../pipeline/read-model.js';
import { scopeIds } from '../../stages/metrics/view.js';
import { WINDOWS, type MetricsByScope, type ScopeMetrics } from '../../stages/metrics/types.js';
import { levelRank, type Level } from '../../stages/rules/index.js';

/**
 * configuredScopes lists every scope the config defines, in the read model's naming. Skill scopes are
 * not among them: their names come from agents' events, and would make the number of series unbounded.
 */
export function configuredScopes(centres: readonly CentreConfig[]): string[] {
  const media = new Set(centres.flatMap((c) => c.queues.map((q) => q.media)));
  const regions = new Set(centres.map((c) => c.region ?? c.id));
  return [
    scopeIds.all(),
    ...[...media].map(scopeIds.media),
    ...[...regions].map(scopeIds.region),
    ...centres.flatMap((c) => [
      scopeIds.centre(c.id),
      ...[...new Set(c.queues.map((q) => q.media))].map((m) => scopeIds.centreMedia(c.id, m)),
      ...c.queues.map((q) => scopeIds.queue(c.id, q.id)),
    ]),
  ];
}

/** The agent states of ScopeMetrics.agents (staffed is their sum, a gauge of its own). */
const AGENT_STATES = { available: 'available', on_contact: 'onContact', acw: 'acw', aux: 'aux' } as const;

interface Committed {
  asOf: number | null;
  scopes: [string, ScopeMetrics][];
  levels: Record<string, Level> | null;
}

const UNREAD: Committed = { asOf: null, scopes: [], levels: null };

export function registerCentreMetrics(registry: Registry, config: { centres: readonly CentreConfig[] }, readModel: ReadModel): void {
  const known = configuredScopes(config.centres);
  // The gauges are collected together on each scrape: they share one read of the read model.
  let reading: Promise<Committed> | undefined;
  const committed = () =>
    (reading ??= Promise.all([readModel.figures(), readModel.levels()])
      .then(([figures, levels]): Committed => ({ asOf: figures.asOf, scopes: inOrder(known, figures.scopes), levels }))
      .catch(() => UNREAD)
      .finally(() => (reading = undefined)));

  const registers = [registry];
  const perScope = (name: string, help: string, value: (m: ScopeMetrics) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['scope'],
      registers,
      async collect() {
        this.reset();
        for (const [scope, m] of (await committed()).scopes) {
          const v = value(m);
          if (v !== null) this.set({ scope }, v);
        }
      },
    });
  const perWindow = (name: string, help: string, value: (w: ScopeMetrics['windows'][keyof ScopeMetrics['windows']]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['scope', 'window'],
      registers,
      async collect() {
        this.reset();
        for (const [scope, m] of (await committed()).scopes) {
          for (const window of WINDOWS) {
            const v = value(m.windows[window]);
            if (v !== null) this.set({ scope, window }, v);
          }
        }
      },
    });

  new Gauge({
    name: 'surge_cc_figures_timestamp_seconds',
    help: 'When the exported contact-centre figures were committed (unix seconds); 0 before the first commit.',
    registers,
    async collect() {
      const { asOf } = await committed();
      this.reset();
      if (asOf !== null) this.set(asOf / 1000);
    },
  });
  perScope('surge_cc_waiting_contacts', 'Contacts waiting in queue now, per scope.', (m) => m.waiting);
  perScope('surge_cc_longest_wait_seconds', 'How long the longest-waiting contact has waited, per scope.', (m) => m.longestWaitSec);
  perWindow('surge_cc_service_level_ratio', 'Service level (0–1) per scope and window (5m, 15m, today), by the queue\'s formula; absent until measured.', (w) => w.serviceLevel);
  perWindow('surge_cc_abandon_rate_ratio', 'Abandon rate (0–1, short abandons excluded) per scope and window; absent until measured.', (w) => w.abandonRate);
  perWindow('surge_cc_offered_contacts', 'Contacts offered per scope and window.', (w) => w.offered);
  perScope('surge_cc_agents_staffed', 'Agents logged in (any state but logged out), per scope.', (m) => m.agents.staffed);
  new Gauge({
    name: 'surge_cc_agents',
    help: 'Agents by state (available, on_contact, acw, aux) per scope.',
    labelNames: ['scope', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const [scope, m] of (await committed()).scopes) {
        for (const [state, field] of Object.entries(AGENT_STATES)) this.set({ scope, state }, m.agents[field]);
      }
    },
  });
  new Gauge({
    name: 'surge_cc_level',
    help: 'Level of each scope: 0 normal, 1 yellow, 2 orange, 3 red, 4 black.',
    labelNames: ['scope'],
    registers,
    async collect() {
      const { levels } = await committed();
      this.reset();
      if (levels) for (const scope of known) this.set({ scope }, levelRank(levels[scope] ?? 'normal'));
    },
  });
}

/** inOrder keeps the configured scopes that have figures, in the config's order. */
function inOrder(known: string[], scopes: MetricsByScope): [string, ScopeMetrics][] {
  return known.flatMap((scope) => (scopes[scope] ? [[scope, scopes[scope]] as [string, ScopeMetrics]] : []));
}
