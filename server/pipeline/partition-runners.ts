/**
 * startPartitionRunners gives each pipeline partition of the layout its PipelineRunner (with its own
 * outbox relay, fence and command list) and spreads them over the live instances with PartitionLeases:
 * this instance runs a partition's runner only for as long as it holds that partition's lease.
 */
import type { Redis } from 'ioredis';
import { PartitionLeases } from '../platform/cluster/partitions.js';
import type { Logger } from '../platform/log/log.js';
import { epochTag, type EpochWatcher } from '../platform/redis/epoch.js';
import { replicationId, servingMaster } from '../platform/redis/sentinel.js';
import { IncidentCommands } from '../stages/incidents/commands.js';
import type { PipelineLayout } from './layout.js';
import { OutboxRelay, type OutboxDeps } from './outbox.js';
import { PipelineRunner, type RunnerDeps } from './runner.js';

export type PartitionRunnerDeps = Pick<RunnerDeps, 'worker' | 'commands' | 'rules' | 'plans' | 'history' | 'instanceId' | 'clock' | 'evaluated' | 'failed'> &
  Pick<OutboxDeps, 'queue' | 'steps' | 'incidents'> & {
    layout: PipelineLayout;
    /** The first partition's connection for blocking stream reads; each further partition reads on one of its own, from connect(). */
    stream: Redis;
    connect: () => Promise<Redis>;
    epoch: Pick<EpochWatcher, 'id' | 'check' | 'replace'>;
    leaseTtlMs: number;
    logger: Logger;
  };

export interface PartitionRunners {
  leases: PartitionLeases;
  /** Every connection the runners read streams on, the given one first: the caller quits them with its own. */
  streams: Redis[];
  /** Whether this instance runs the whole pipeline or the roll-up (one instance at a time). */
  runsRollUp(): boolean;
}

export async function startPartitionRunners(deps: PartitionRunnerDeps): Promise<PartitionRunners> {
  const { layout, worker, epoch, logger } = deps;
  const { partitioned, partitions, keys } = layout;
  const streams = [deps.stream, ...(await Promise.all(partitions.slice(1).map(() => deps.connect())))];
  let leases: PartitionLeases | undefined;
  const runners = partitions.map((partition, i) => {
    const partKeys = layout.keysOf(partition.id);
    const leadership = () => leases?.leadership(partition.id);
    const fence = { key: partKeys.fence(), token: () => leadership()?.fencingToken ?? null, epochKey: partKeys.epoch(), epoch: () => leadership()?.fencingEpoch ?? null, master: () => leadership()?.fencingMaster ?? null };
    const relay = new OutboxRelay({ redis: worker, keys: partKeys, queue: deps.queue, steps: deps.steps, incidents: deps.incidents, plans: deps.plans, clock: deps.clock, logger: logger.child({ module: 'outbox', partition: partition.id }) });
    const runner = new PipelineRunner({
      config: partition.config, keys: partKeys, stream: streams[i]!, worker, fence, rules: deps.rules, plans: deps.plans, history: deps.history, relay, instanceId: deps.instanceId, clock: deps.clock,
      commands: partitioned ? new IncidentCommands(worker, partKeys) : deps.commands,
      // Incident ids carry the term's Redis epoch, so none repeats after Redis loses its state, and the partition, so none repeats across them.
      epochTag: () => epochTag(leadership()?.fencingEpoch ?? epoch.id ?? 'none') + (partitioned ? `-${partition.id}` : ''),
      logger: logger.child({ module: 'pipeline', partition: partition.id }),
      evaluated: deps.evaluated,
      failed: deps.failed,
      ...(partitioned ? { partition: { id: partition.id, all: partitions.map((p) => p.id), rollUp: partition.rollUp } } : {}),
    });
    // A term reads (stream) and writes (worker) on the master it began on: it starts only while both connections agree.
    const term = {
      start: async () => {
        await servingMaster(partKeys.fence(), worker, streams[i]!);
        await runner.start();
      },
      stop: () => runner.stop(),
    };
    return { id: partition.id, spread: partitioned && !partition.rollUp, term, runner };
  });
  // The whole pipeline runs under the lease keys of earlier releases (an instance of an older release holds the same lease).
  leases = new PartitionLeases(
    {
      redis: worker,
      keys: { registry: keys.instances(), lease: (id) => layout.leaseOf(id), epochCopies: keys.epochCopies() },
      instanceId: deps.instanceId,
      ttlMs: deps.leaseTtlMs,
      logger: logger.child({ module: 'lease' }),
      confirmEpoch: async () => (await epoch.check()).id,
      servingMaster: (lease) => replicationId(worker, lease.fence),
      replaceEpoch: async (lost) => void (await epoch.replace(lost)),
    },
    runners,
  );
  await leases.start();
  return { leases, streams, runsRollUp: () => runners.at(-1)!.runner.running };
}
