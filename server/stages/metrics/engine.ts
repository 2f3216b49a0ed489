/**
 * MetricsEngine holds one Partition per centre and reads them all into the figures of
 * every scope, rolling centres up into their regions, `all` and per-media scopes. It is a
 * pure core: events and a clock in, figures out; checkpoints are plain JSON.
 */
import type { Config } from '../../config/types.js';
import type { CanonicalEvent, Media } from '../ingest/contract.js';
import { combine, emptyAggregate, type ScopeAggregate } from './aggregate.js';
import { costsSchema, fcrSchema } from './config.js';
import { deriveMetrics } from './derive.js';
import { CentreForecast, rollUp, type ScopeForecast } from './forecast/index.js';
import { readFreshness } from './freshness.js';
import { applyEvent, emptyPartition, prunePartition, type PartitionSettings, type PartitionState } from './partition.js';
import { restorePartition, serialisePartition, type PartitionJson } from './serialise.js';
import type { MetricsByScope } from './types.js';
import { aggregatePartition, readIvrPorts, scopeIds, WINDOW_MS } from './view.js';

/** What the engine reads of the config; `costs` and `fcr` take their defaults when absent. */
export type EngineConfig = Pick<Config, 'centres' | 'metrics'> & Partial<Pick<Config, 'costs' | 'fcr'>>;

export class MetricsEngine {
  private readonly partitions = new Map<string, PartitionState>();
  private readonly settings = new Map<string, PartitionSettings>();
  private readonly forecasts = new Map<string, CentreForecast>();

  private readonly currency: string;

  constructor(private readonly config: EngineConfig) {
    const bucketMs = config.metrics.bucketSec * 1000;
    const costs = config.costs ?? costsSchema.parse(undefined);
    const fcr = config.fcr ?? fcrSchema.parse(undefined);
    this.currency = costs.currency;
    for (const c of config.centres) {
      this.partitions.set(c.id, emptyPartition());
      this.forecasts.set(c.id, new CentreForecast(c));
      this.settings.set(c.id, {
        centre: c.id,
        timezone: c.timezone,
        queues: Object.fromEntries(c.queues.map((q) => [q.id, { thresholdSec: q.serviceLevel.thresholdSec, shortAbandonSec: q.shortAbandonSec, media: q.media }])),
        bucketMs,
        horizonMs: WINDOW_MS['15m'] + bucketMs,
        staleContactMs: config.metrics.staleContactSec * 1000,
        stalePortMs: config.metrics.stalePortSec * 1000,
        costs: costs.channels,
        repeatWindowMs: fcr.repeatWindowSec * 1000,
        maxCustomers: fcr.maxCustomers,
      });
    }
  }

  get centres(): string[] {
    return [...this.partitions.keys()];
  }

  /** apply advances the event's centre; events for unconfigured centres are refused by ingest, so this throws. */
  apply(event: CanonicalEvent): void {
    const state = this.partitions.get(event.centre);
    const settings = this.settings.get(event.centre);
    if (!state || !settings) throw new Error(`no partition for centre "${event.centre}"`);
    this.forecasts.get(event.centre)?.observe(event, state.waiting);
    applyEvent(state, event, settings);
  }

  /**
   * prune drops, as of `now` (the step's clock, never the wall's), the contacts, agents and IVR
   * ports without news for too long, in every centre or in those given; returns the centres it changed.
   */
  prune(now: number, centres: readonly string[] = this.centres): string[] {
    return centres.filter((centre) => prunePartition(this.partitions.get(centre)!, now, this.settings.get(centre)!));
  }

  /** snapshot gives every scope's figures as of `now`: each centre's own scopes, then the scopes across centres. */
  snapshot(now: number): MetricsByScope {
    const { figures, parts } = this.centreScopes(now);
    return Object.assign(figures, this.rollUp(parts, now));
  }

  /** rollUp figures the scopes across centres from the centres' parts (rollUpScopes, in this engine's currency). */
  rollUp(parts: readonly CentreRollUp[], now: number): MetricsByScope {
    return rollUpScopes(parts, now, this.currency);
  }

  /**
   * centreScopes gives the figures of the scopes inside each centre (the centre, its queues, skills and
   * media) and, per centre, what the scopes across centres are made of (rollUpScopes): a pipeline
   * partition that owns one centre commits both, and the roll-up partition combines the parts of all.
   */
  centreScopes(now: number): { figures: MetricsByScope; parts: CentreRollUp[] } {
    const out: MetricsByScope = {};
    const parts: CentreRollUp[] = [];
    const bucketMs = this.config.metrics.bucketSec * 1000;
    const currency = this.currency;
    for (const centre of this.config.centres) {
      const state = this.partitions.get(centre.id)!;
      const forecasts = this.forecasts.get(centre.id)!;
      const queueForecasts: ScopeForecast[] = [];
      const part: CentreRollUp = { centre: centre.id, region: centre.region ?? centre.id, aggregate: emptyAggregate(), media: [] };
      const fresh = readFreshness(state.watermark > 0 ? state.watermark : null, state.sources, centre, now);
      for (const [scope, agg] of aggregatePartition(state, centre, bucketMs, now)) {
        const [kind, rest = ''] = scope.split(':') as [string, string];
        const name = rest.slice(centre.id.length + 1);
        if (kind === 'centre') {
          out[scope] = deriveMetrics(scope, 'centre', agg, now, { centre: centre.id, ivrPortsDetail: readIvrPorts(state), ...fresh }, currency);
          const forecast = rollUp(queueForecasts, true);
          if (forecast) {
            out[scope].forecast = forecast.figures;
            part.forecast = forecast;
          }
          part.aggregate = agg;
        } else if (kind === 'queue') {
          const media = centre.queues.find((q) => q.id === name)?.media;
          out[scope] = deriveMetrics(scope, 'queue', agg, now, { centre: centre.id, queue: name, media, ...fresh }, currency);
          const forecast = forecasts.queue(name, agg, now);
          if (forecast) {
            out[scope].forecast = forecast.figures;
            queueForecasts.push(forecast);
          }
        } else if (kind === 'skill') {
          out[scope] = deriveMetrics(scope, 'skill', agg, now, { centre: centre.id, skill: name, ...fresh }, currency);
        } else {
          const media = name as Media;
          out[scope] = deriveMetrics(scope, 'media', agg, now, { centre: centre.id, media, ...fresh }, currency);
          part.media.push([media, agg]);
        }
      }
      parts.push(part);
    }
    return { figures: out, parts };
  }

  /** Checkpoint of one centre's state (plain JSON). */
  save(centre: string): PartitionJson {
    const state = this.partitions.get(centre);
    if (!state) throw new Error(`no partition for centre "${centre}"`);
    return { ...serialisePartition(state), forecast: this.forecasts.get(centre)!.save() };
  }

  restore(centre: string, json: PartitionJson): void {
    if (!this.partitions.has(centre)) throw new Error(`no partition for centre "${centre}"`);
    this.partitions.set(centre, restorePartition(json));
    this.forecasts.get(centre)!.restore(json.forecast);
  }

  /** Counts for operations: events applied and late ones, per centre. */
  stats(): Record<string, { applied: number; late: number; watermark: number }> {
    return Object.fromEntries([...this.partitions].map(([c, s]) => [c, { applied: s.applied, late: s.late, watermark: s.watermark }]));
  }
}

/**
 * CentreRollUp is what one centre adds to the scopes across centres (`all`, `media:<media>`,
 * `region:<region>`): its centre aggregate, its per-media aggregates in the order met, and its
 * centre forecast. Plain JSON, so a partition can commit it and another combine it.
 */
export interface CentreRollUp {
  centre: string;
  region: string;
  aggregate: ScopeAggregate;
  media: [Media, ScopeAggregate][];
  forecast?: ScopeForecast;
}

/** rollUpScopes combines the centres' parts, in the order given, into the figures of the scopes across centres as of `now`. */
export function rollUpScopes(parts: readonly CentreRollUp[], now: number, currency: string): MetricsByScope {
  const out: MetricsByScope = {};
  const all = emptyAggregate();
  const byMedia = new Map<Media, ScopeAggregate>();
  const byRegion = new Map<string, ScopeAggregate>();
  const totalOf = <K>(totals: Map<K, ScopeAggregate>, key: K) => totals.get(key) ?? totals.set(key, emptyAggregate()).get(key)!;
  for (const part of parts) {
    combine(all, part.aggregate, { agents: true });
    combine(totalOf(byRegion, part.region), part.aggregate, { agents: true });
    for (const [media, agg] of part.media) combine(totalOf(byMedia, media), agg, { agents: true });
  }
  out[scopeIds.all()] = deriveMetrics('all', 'all', all, now, {}, currency);
  const allForecast = rollUp(parts.flatMap((p) => (p.forecast ? [p.forecast] : [])), false);
  if (allForecast) out[scopeIds.all()]!.forecast = allForecast.figures;
  for (const [media, agg] of byMedia) out[scopeIds.media(media)] = deriveMetrics(scopeIds.media(media), 'media', agg, now, { media }, currency);
  for (const [region, agg] of byRegion) out[scopeIds.region(region)] = deriveMetrics(scopeIds.region(region), 'region', agg, now, { region }, currency);
  return out;
}
