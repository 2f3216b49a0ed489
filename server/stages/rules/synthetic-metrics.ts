/**
 * syntheticMetrics builds the ScopeMetrics a rule test describes: the figures it names, every other
 * count at 0 and every other measure null (not measured), so a test only fires the conditions it means to.
 */
import { MEDIA, SEAT_TYPES, type Media, type SeatType } from '../ingest/contract.js';
import { zeroAgents, zeroTally } from '../metrics/aggregate.js';
import { windowFigures } from '../metrics/derive.js';
import { DEFAULT_CURRENCY } from '../metrics/config.js';
import { WINDOWS, type AgentFigures, type ScopeKind, type ScopeMetrics, type WindowFigures, type WindowName } from '../metrics/types.js';
import type { MetricValues } from './evaluate.js';
import { METRICS } from './metric-names.js';

/** syntheticMetrics returns a fresh ScopeMetrics for `scope` (a scope id) with `values` (by metric name) set. */
export function syntheticMetrics(scope: string, values: MetricValues, asOf: number): ScopeMetrics {
  const metrics: ScopeMetrics = {
    ...scopeFields(scope),
    asOf,
    waiting: 0,
    longestWaitSec: 0,
    agents: { ...zeroAgents(), bySeatType: byKey(SEAT_TYPES, zeroAgents) as Record<SeatType, AgentFigures> },
    occupancy: null,
    windows: byKey(WINDOWS, noFigures) as Record<WindowName, WindowFigures>,
    serviceLevelGoal: { target: null, thresholdSec: null, formula: 'mixed', label: 'rule test' },
    ewtSec: null,
    requiredAgents: null,
    staffingGap: null,
    ivr: { idle: 0, inCall: 0, error: 0, worstPortErrors: 0, failingPorts: 0, callsNow: 0, peakToday: 0 },
    backlog: { open: 0, overdue: 0, complaintsOpen: 0 },
    attendance: { scheduled: 0, present: 0, rate: null },
    busyRate: null,
    costCurrency: DEFAULT_CURRENCY,
    faults: {},
  };
  for (const [name, value] of Object.entries(values)) {
    const path = METRICS.get(name)?.path;
    if (!path) throw new Error(`unknown metric "${name}"`);
    let node = metrics as unknown as Record<string, unknown>;
    // Figures a scope may lack altogether (its `forecast`) are made as the test names them.
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1] ?? ''] = value;
  }
  return metrics;
}

function scopeFields(scope: string): Pick<ScopeMetrics, 'scope' | 'kind' | 'centre' | 'queue' | 'media' | 'region' | 'skill'> {
  const [kind, rest = ''] = scope.split(':') as [ScopeKind, string?];
  const parts = rest.split('/');
  const isMedia = (m: string | undefined): m is Media => (MEDIA as readonly string[]).includes(m ?? '');
  switch (kind) {
    case 'centre':
      return { scope, kind, centre: rest };
    case 'queue':
      return { scope, kind, centre: parts[0], queue: parts[1] };
    case 'region':
      return { scope, kind, region: rest };
    case 'skill':
      return { scope, kind, centre: parts[0], skill: parts.slice(1).join('/') };
    case 'media': {
      const media = parts[parts.length - 1];
      return { scope, kind, ...(parts.length > 1 ? { centre: parts[0] } : {}), ...(isMedia(media) ? { media } : {}) };
    }
    default:
      return { scope, kind: 'all' };
  }
}

/** noFigures is a window with nothing in it: every count 0, every measure null. */
const noFigures = (): WindowFigures => windowFigures(zeroTally(), 1);

function byKey<T>(keys: readonly string[], make: () => T): Record<string, T> {
  return Object.fromEntries(keys.map((k) => [k, make()]));
}
