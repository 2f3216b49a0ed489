/**
 * Pipeline is what runs on the instance holding the lease, built afresh for every term:
 *
 *   StreamConsumer ─► MetricsEngine ─► MetricsPublisher tick ─► LevelsRunner (rules, incidents, commands)
 *                                                          │                     └─► PlanTrigger (plan jobs)
 *                                                          └─► HistoryStore, engine status
 *
 * A new term restores everything from Redis (checkpoints, rules state, open incidents),
 * so a takeover continues exactly where the previous owner's last fenced write left off.
 */
import type { Redis } from 'ioredis';
import type { AuditLog } from '../platform/audit/log.js';
import type { Fence } from '../platform/cluster/fenced.js';
import type { Config } from '../config/types.js';
import type { HistoryStore } from '../stages/metrics/history/store.js';
import type { PlanTrigger } from '../stages/plans/executor/trigger.js';
import type { IncidentCommands } from '../stages/incidents/commands.js';
import { LevelsRunner } from '../stages/incidents/runner.js';
import type { IncidentStore } from '../stages/incidents/store.js';
import type { Logger } from '../platform/log/log.js';
import { MetricsEngine } from '../stages/metrics/engine.js';
import type { LiveMessages } from '../stages/push/messages.js';
import { MetricsPublisher } from '../stages/push/publisher.js';
import type { Keys } from '../platform/redis/keys.js';
import type { RuleSet } from '../stages/rules/watcher.js';
import { StreamConsumer } from '../stages/stream/consumer.js';

export interface PipelineDeps {
  config: Config;
  keys: Keys;
  /** A connection for the consumer's blocking reads. */
  stream: Redis;
  /** A connection for everything else the pipeline writes. */
  worker: Redis;
  fence: Fence;
  store: IncidentStore;
  commands: IncidentCommands;
  rules: RuleSet;
  audit: AuditLog;
  live: LiveMessages;
  history: HistoryStore;
  instanceId: string;
  logger: Logger;
  /** Told how long each rules evaluation took (operations metrics). */
  evaluated: (seconds: number) => void;
  /** Turns incident changes into plan jobs. */
  trigger: PlanTrigger;
}

interface Term {
  consumer: StreamConsumer;
  publisher: MetricsPublisher;
}

const STATUS_TTL_MS = 10_000;

export class Pipeline {
  private term?: Term;

  constructor(private readonly deps: PipelineDeps) {}

  get running(): boolean {
    return this.term !== undefined;
  }

  async start(): Promise<void> {
    const { config, keys, worker, logger } = this.deps;
    const engine = new MetricsEngine(config);
    const consumer = new StreamConsumer(this.deps.stream, keys, engine, config, logger.child({ module: 'stream' }), {
      consumerName: this.deps.instanceId,
      checkpointEveryMs: config.metrics.checkpointMs,
      batchSize: 2000,
    }, this.deps.fence);
    const runner = new LevelsRunner({
      store: this.deps.store,
      commands: this.deps.commands,
      rules: this.deps.rules,
      audit: this.deps.audit,
      live: this.deps.live,
      quietPeriodSec: config.incidents.quietPeriodSec,
      logger: logger.child({ module: 'incidents' }),
      onChange: (from, incident) => this.deps.trigger.incidentChanged(from, incident),
    });
    await runner.start();
    // A holder that died between committing a change and queueing its plan steps left them unqueued.
    await this.deps.trigger.reconcile(runner.openIncidents());
    const publisher = new MetricsPublisher(worker, keys, engine, config.metrics.evaluateIntervalMs, logger.child({ module: 'publisher' }), Date.now, async (figures, asOf) => {
      const started = performance.now();
      await runner.step(figures, asOf);
      this.deps.evaluated((performance.now() - started) / 1000);
      await this.deps.history.record(figures, asOf);
      const positions = consumer.positions();
      const centres = Object.fromEntries(Object.entries(engine.stats()).map(([c, s]) => [c, { ...s, lastApplied: positions[c] }]));
      await worker.set(keys.engineStatus(), JSON.stringify({ owner: this.deps.instanceId, asOf, centres, unreadableEntries: consumer.unreadable }), 'PX', STATUS_TTL_MS);
    });
    await consumer.start();
    await publisher.tick();
    publisher.start();
    this.term = { consumer, publisher };
    logger.info({ instance: this.deps.instanceId }, 'this instance now runs the pipeline');
  }

  /** stop ends the term; writes after the lease was lost fail (fenced) and are only logged. */
  async stop(): Promise<void> {
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    await term.consumer.stop().catch((err: Error) => this.deps.logger.warn({ err: err.message }, 'final checkpoint not written'));
    await term.publisher.stop();
    await term.publisher.tick();
  }
}
