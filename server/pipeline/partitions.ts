/**
 * The pipeline's partitions when `server.pipelinePartitions` is `centres` (docs/scaling.md): one per
 * centre, owning that centre's stream, engine, scopes, rules, incidents and plan triggers, and the
 * roll-up, owning the scopes across centres (`all`, `media:<media>`, `region:<region>`), figured from
 * the parts the centre partitions commit. Each runs under its own lease on whichever instance holds it.
 */
import type { Config } from '../config/types.js';
import type { LeaseKeys } from '../platform/cluster/lease.js';
import { centreSlotKeys, partitionKeys, type Keys } from '../platform/redis/keys.js';

export const ROLL_UP = 'roll-up';

export interface PipelinePartition {
  id: string;
  /** The config as this partition's runner sees it: its own centres only. */
  config: Config;
  rollUp: boolean;
}

/** pipelinePartitions lists every centre's partition, in the configured order, then the roll-up. */
export function pipelinePartitions(config: Config): PipelinePartition[] {
  if (config.centres.some((c) => c.id === ROLL_UP)) throw new Error(`a centre may not be called "${ROLL_UP}" with server.pipelinePartitions: centres`);
  return [
    ...config.centres.map((centre) => ({ id: centre.id, config: { ...config, centres: [centre] }, rollUp: false })),
    { id: ROLL_UP, config: { ...config, centres: [] }, rollUp: true },
  ];
}

/** partitionOf names the partition owning the incidents of a centre (`all`, for the scopes across centres, is the roll-up's). */
export function partitionOf(config: Pick<Config, 'centres'>, centre: string): string {
  return config.centres.some((c) => c.id === centre) ? centre : ROLL_UP;
}

/** Where the pipeline's keys live (keys.ts): what readers use, each partition's own, and each partition's lease. */
export interface PartitionLayout {
  /** The readers' keys: their slots() list every slot the pipeline commits into. */
  keys: Keys;
  of(partition: string): Keys;
  lease(partition: string): LeaseKeys;
}

/**
 * partitionLayout: with `whole`, everything in `{global}` under the names of earlier releases; with
 * `centres`, each centre partition's keys in its centre's slot (with a copy of the epoch its fenced
 * commit checks, written with its lease), the roll-up's in `{global}`: on Redis Cluster the pipeline's
 * writes spread over the masters like the streams.
 */
export function partitionLayout(base: Keys, config: Config): PartitionLayout {
  if (config.server.pipelinePartitions !== 'centres') return { keys: base, of: () => base, lease: () => ({ lease: base.lease(), fence: base.fence() }) };
  const centres = config.centres.map((c) => c.id);
  const keys = centreSlotKeys(base, centres);
  const of = (partition: string) => (centres.includes(partition) ? partitionKeys(keys, partition, partition) : partitionKeys(keys, partition));
  return {
    keys,
    of,
    lease: (partition) => {
      const own = of(partition);
      return { lease: own.lease(), fence: own.fence(), ...(own.epoch() === keys.epoch() ? {} : { epochCopy: own.epoch() }) };
    },
  };
}
