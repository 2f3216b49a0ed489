/**
 * MetricsPublisher reads the engine on a fixed tick (metrics.evaluateIntervalMs) and
 * writes the scopes whose figures changed to Redis: the snapshot hash for readers and
 * a pub/sub delta that every server instance relays to its wallboards (each hub
 * coalesces those pushes to metrics.pushIntervalMs). The next stage runs on the same tick.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/log/log.js';
import type { MetricsEngine } from '../metrics/engine.js';
import type { MetricsByScope } from '../metrics/types.js';
import type { Keys } from '../../platform/redis/keys.js';

/** The message on the metrics channel. */
export interface MetricsDelta {
  asOf: number;
  scopes: MetricsByScope;
}

export class MetricsPublisher {
  private readonly last = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly engine: MetricsEngine,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
    /** The next stage (rules), called with every tick's figures. */
    private readonly onTick: (figures: MetricsByScope, asOf: number) => Promise<void> = async () => undefined,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 10));
  }

  /** tick publishes what changed since the last tick; exported for tests and shutdown. */
  async tick(): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      const asOf = this.clock();
      const changed: MetricsByScope = {};
      const hash: string[] = [];
      const snapshot = this.engine.snapshot(asOf);
      for (const [scope, figures] of Object.entries(snapshot)) {
        // Compare without the timestamp: only a change in the figures is news.
        const key = JSON.stringify({ ...figures, asOf: 0 });
        if (this.last.get(scope) === key) continue;
        changed[scope] = figures;
        hash.push(scope, JSON.stringify(figures));
      }
      const count = hash.length / 2;
      const pipeline = this.redis.pipeline().set(`${this.keys.metrics()}:asOf`, String(asOf));
      if (count > 0) pipeline.hset(this.keys.metrics(), ...hash).publish(this.keys.metricsChannel(), JSON.stringify({ asOf, scopes: changed } satisfies MetricsDelta));
      const results = await pipeline.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
      for (const [scope, figures] of Object.entries(changed)) this.last.set(scope, JSON.stringify({ ...figures, asOf: 0 }));
      await this.onTick(snapshot, asOf);
      return count;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'metrics tick failed; will retry next tick');
      return 0;
    } finally {
      this.busy = false;
    }
  }
}
