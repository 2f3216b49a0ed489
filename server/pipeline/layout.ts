/**
 * PipelineLayout is the pipeline's partitions as every instance sees them, lease holder or not: the
 * whole pipeline under one lease and the keys of earlier releases, or with `server.pipelinePartitions:
 * centres` a partition per centre plus the roll-up (partitions.ts), each under its partitionKeys.
 * Readers and dispatchers go through it to the partition that owns what they ask about.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../config/types.js';
import { WHOLE_PIPELINE } from '../platform/cluster/partitions.js';
import type { Keys } from '../platform/redis/keys.js';
import type { IncidentCommand } from '../stages/incidents/commands.js';
import type { IncidentStore } from '../stages/incidents/store.js';
import type { PipelineFailure } from './runner.js';
import { partitionLayout, partitionOf, pipelinePartitions, type PartitionLayout, type PipelinePartition } from './partitions.js';

/** What a pipeline partition's runner commits for /v1/status. */
export interface EngineStatus {
  owner?: string;
  centres: Record<string, { applied?: number }>;
  unreadableEntries?: number;
}

export class PipelineLayout {
  readonly partitioned: boolean;
  readonly partitions: readonly PipelinePartition[];
  /** The deployment's keys (with partitions, those that know each centre partition's slot). */
  readonly keys: Keys;
  private readonly slots: PartitionLayout;

  constructor(
    private readonly config: Config,
    /** The deployment's keys, which the whole pipeline uses and each partition's keys start from. */
    base: Keys,
  ) {
    this.partitioned = config.server.pipelinePartitions === 'centres';
    this.partitions = this.partitioned ? pipelinePartitions(config) : [{ id: WHOLE_PIPELINE, config, rollUp: true }];
    this.slots = partitionLayout(base, config);
    this.keys = this.slots.keys;
  }

  keysOf(partition: string): Keys {
    return this.slots.of(partition);
  }

  /** A partition's lease keys (with its slot's copy of the epoch when it has one). */
  leaseOf(partition: string): ReturnType<PartitionLayout['lease']> {
    return this.slots.lease(partition);
  }

  /** What each partition's runner last committed, merged for /v1/status: the owner (of the whole pipeline only), every centre's counts. */
  async engineStatus(redis: Redis): Promise<EngineStatus> {
    const statuses = await Promise.all(this.partitions.map(async (p) => JSON.parse((await redis.get(this.keysOf(p.id).engineStatus())) ?? '{"centres":{}}') as EngineStatus));
    return { owner: this.partitioned ? undefined : statuses[0]!.owner, centres: Object.assign({}, ...statuses.map((s) => s.centres)) as EngineStatus['centres'], unreadableEntries: statuses.reduce((n, s) => n + (s.unreadableEntries ?? 0), 0) };
  }

  /**
   * stalled tells whether some partition's runner has committed nothing for as long as its engine status lives
   * (commit.ts: 10 s): a failing or lost pipeline, whose figures the screens must not show as live.
   */
  async stalled(redis: Redis): Promise<boolean> {
    const present = await Promise.all(this.partitions.map((p) => redis.exists(this.keysOf(p.id).engineStatus())));
    return present.some((n) => n === 0);
  }

  /** Why steps keep failing, per partition whose runner records a failure (none while every step commits). */
  async failures(redis: Redis): Promise<(PipelineFailure & { partition?: string })[]> {
    const texts = await Promise.all(this.partitions.map((p) => redis.get(this.keysOf(p.id).pipelineFailure())));
    return this.partitions.flatMap((p, i) => {
      const text = texts[i];
      if (!text) return [];
      const failure = JSON.parse(text) as PipelineFailure;
      return [this.partitioned ? { partition: p.id, ...failure } : failure];
    });
  }

  /**
   * With partitions, the keys of the partition a dispatcher's command waits for (its list, then its reply): the one
   * owning its incident (or the centre it declares for). Undefined for the whole pipeline: the lease holder's.
   */
  commandKeys(incidents: IncidentStore): ((command: IncidentCommand) => Promise<Keys>) | undefined {
    if (!this.partitioned) return undefined;
    return async (command) => this.keysOf(partitionOf(this.config, command.kind === 'declare' ? command.centre : ((await incidents.get(command.id))?.centre ?? 'all')));
  }
}
