/**
 * ReadModel reads what the pipeline committed (commit.ts): the figures of every scope with
 * their asOf, the levels in force and the latest live message of each kept type. REST, plan
 * jobs and a newly connected screen's snapshot read here, never from a cache. Figures committed into
 * several slots (centre partitions on Redis Cluster, keys.ts slots()) are read per slot and joined.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../platform/redis/keys.js';
import type { MetricsByScope, ScopeMetrics } from '../stages/metrics/types.js';
import { SNAPSHOT_TYPES, type LiveMessage } from '../stages/push/messages.js';
import type { Incident } from '../stages/incidents/types.js';
import { levelsInForce } from '../stages/plans/index.js';
import type { Level } from '../stages/rules/index.js';

/** Snapshot is what a newly connected screen starts from. */
export interface Snapshot {
  asOf: number;
  scopes: MetricsByScope;
  latest: LiveMessage[];
}

export class ReadModel {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** figures returns every scope's committed figures and when they were last committed (0: never), each slot's read together. */
  async figures(): Promise<{ asOf: number; scopes: MetricsByScope }> {
    const slots = await Promise.all(this.keys.slots().map((keys) => this.slotFigures(keys)));
    const scopes = Object.assign({}, ...slots.map((s) => s.scopes)) as Record<string, string>;
    return { asOf: Math.max(...slots.map((s) => s.asOf)), scopes: Object.fromEntries(Object.entries(scopes).map(([scope, text]) => [scope, JSON.parse(text) as ScopeMetrics])) };
  }

  private async slotFigures(keys: Keys): Promise<{ asOf: number; scopes: Record<string, string> }> {
    const replies = await this.redis.multi().hgetall(keys.metrics()).get(keys.metricsAsOf()).exec();
    const [[hashErr, scopes], [asOfErr, asOf]] = replies as [[Error | null, Record<string, string>], [Error | null, string | null]];
    if (hashErr ?? asOfErr) throw hashErr ?? asOfErr;
    return { asOf: Number(asOf ?? 0), scopes };
  }

  /** scope returns one scope's figures, or undefined when it has none (asked of every slot: a scope has figures in one). */
  async scope(scope: string): Promise<{ asOf: number; scope: ScopeMetrics } | undefined> {
    const found = await Promise.all(
      this.keys.slots().map(async (keys) => {
        const [text, asOf] = await Promise.all([this.redis.hget(keys.metrics(), scope), this.redis.get(keys.metricsAsOf())]);
        return text === null ? undefined : { asOf: Number(asOf ?? 0), scope: JSON.parse(text) as ScopeMetrics };
      }),
    );
    return found.find((f) => f !== undefined);
  }

  /** levels returns the level of every scope above normal, as last committed: the rules' (what the figures say). */
  async levels(): Promise<Record<string, Level>> {
    const [message] = await this.latest(['levels']);
    return (message?.levels ?? {}) as Record<string, Level>;
  }

  /** levelsInForce returns the rules' levels with each open incident's scope at its level in force (a declared or escalated level too). */
  async levelsInForce(): Promise<Record<string, Level>> {
    const messages = await this.latest(['levels', 'incidents']);
    const levels = messages.find((m) => m.type === 'levels')?.levels ?? {};
    const open = messages.find((m) => m.type === 'incidents')?.incidents ?? [];
    return levelsInForce(levels as Record<string, Level>, open as Incident[]);
  }

  /** latest returns the last message of each type asked for (those never sent are left out). */
  async latest(types: readonly string[]): Promise<LiveMessage[]> {
    if (types.length === 0) return [];
    const texts = await this.redis.mget(types.map((t) => this.keys.liveLast(t)));
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as LiveMessage);
  }

  /** snapshot is the figures and the latest message of every type kept for screens. */
  async snapshot(): Promise<Snapshot> {
    const [figures, latest] = await Promise.all([this.figures(), this.latest(SNAPSHOT_TYPES)]);
    return { ...figures, latest };
  }
}
