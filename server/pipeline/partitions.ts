/**
 * The pipeline's partitions when `server.pipelinePartitions` is `centres` (docs/scaling.md): one per
 * centre, owning that centre's stream, engine, scopes, rules, incidents and plan triggers, and the
 * roll-up, owning the scopes across centres (`all`, `media:<media>`, `region:<region>`), figured from
 * the parts the centre partitions commit. Each runs under its own lease on whichever instance holds it.
 */
import type { Config } from '../config/types.js';

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
