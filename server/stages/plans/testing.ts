/**
 * Fixtures for the plan tests: the demo config, incidents, and queue figures with only the
 * numbers a test names (built by the rules' syntheticMetrics, everything else 0 or null).
 */
import { readFileSync } from 'node:fs';
import { parseConfig, withTemplates } from '../../config/load.js';
import type { Config } from '../../config/types.js';
import type { Incident } from '../incidents/types.js';
import { requiredAgents } from '../metrics/staffing/index.js';
import type { MetricsByScope } from '../metrics/types.js';
import type { MetricValues } from '../rules/index.js';
import { syntheticMetrics } from '../rules/synthetic-metrics.js';

/** DEMO_CONFIG_TEXT is the shipped surge.config.yaml. */
export const DEMO_CONFIG_TEXT = readFileSync('surge.config.yaml', 'utf8');

/** demoConfig parses the shipped config, with `extra` YAML appended. */
export function demoConfig(extra = ''): Config {
  return withTemplates(parseConfig(`${DEMO_CONFIG_TEXT}\n${extra}`, 'surge.config.yaml', { SURGE_SIMULATE: 'off' }));
}

/** incident is an open incident with the given fields over sensible defaults. */
export function incident(fields: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-20261123-0001',
    centre: 'hangzhou',
    type: 'traffic_surge',
    state: 'open',
    level: 'red',
    ruleLevel: 'red',
    heldLevel: null,
    peakLevel: 'red',
    scopes: {},
    pairs: {},
    openedAt: 0,
    updatedAt: 0,
    quietSince: null,
    resolvedAt: null,
    acknowledged: null,
    declaredBy: null,
    note: null,
    ...fields,
  };
}

/**
 * metricsOf builds a MetricsByScope from scope id → figures by metric name (e.g. `staffingGap`,
 * `agents.available`); queue scopes get their media from the demo config, as the engine gives them.
 */
export function metricsOf(scopes: Record<string, MetricValues>, asOf = 0): MetricsByScope {
  const config = demoConfig();
  return Object.fromEntries(
    Object.entries(scopes).map(([scope, values]) => {
      const m = syntheticMetrics(scope, values, asOf);
      const media = config.centres.find((c) => c.id === m.centre)?.queues.find((q) => q.id === m.queue)?.media;
      return [scope, media && m.kind === 'queue' ? { ...m, media } : m];
    }),
  );
}

/** Staffing of one queue in a fixture: its traffic, and its productive agents by state. */
interface QueueLoad {
  arrivalPerMin: number;
  ahtSec: number;
  available: number;
  onContact: number;
  acw: number;
}

/**
 * surgeMetrics: Hangzhou in a surge, its requirement from Erlang C for each queue's goal —
 * voice 46 needed for 40 there (gap +6), VIP voice 15 for 13 (+2), chat 25 for 22 (+3),
 * email 9 for 5 (+4) — while Shanghai's voice has 4 agents to spare (29 needed, 33 there).
 */
export function surgeMetrics(): MetricsByScope {
  return staffedMetrics({
    'queue:hangzhou/voice': { arrivalPerMin: 10, ahtSec: 240, available: 0, onContact: 38, acw: 2 },
    'queue:hangzhou/voice-vip': { arrivalPerMin: 2, ahtSec: 300, available: 1, onContact: 11, acw: 1 },
    'queue:hangzhou/chat': { arrivalPerMin: 3, ahtSec: 420, available: 0, onContact: 20, acw: 2 },
    'queue:hangzhou/email': { arrivalPerMin: 1, ahtSec: 480, available: 0, onContact: 5, acw: 0 },
    'queue:shanghai/voice': { arrivalPerMin: 6, ahtSec: 240, available: 8, onContact: 22, acw: 3 },
  });
}

/** staffedMetrics gives queues the figures the engine would: requiredAgents by Erlang C for the queue's goal, and the gap. */
export function staffedMetrics(loads: Record<string, QueueLoad>): MetricsByScope {
  const config = demoConfig();
  const values: Record<string, MetricValues> = {};
  for (const [scope, load] of Object.entries(loads)) {
    const [centre, queue] = scope.slice('queue:'.length).split('/');
    const goal = config.centres.find((c) => c.id === centre)?.queues.find((q) => q.id === queue)?.serviceLevel;
    if (!goal) throw new Error(`no queue ${scope} in the demo config`);
    const required = requiredAgents({ arrivalPerSec: load.arrivalPerMin / 60, ahtSec: load.ahtSec, target: goal.target, thresholdSec: goal.thresholdSec });
    values[scope] = {
      arrivalPerMin: load.arrivalPerMin,
      ahtSec: load.ahtSec,
      'agents.available': load.available,
      'agents.onContact': load.onContact,
      'agents.acw': load.acw,
      requiredAgents: required,
      staffingGap: required - (load.available + load.onContact + load.acw),
    };
  }
  return metricsOf(values);
}
