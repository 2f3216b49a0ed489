/** topologyOf gives the validator the centres and queues a config names. */
import type { Config } from '../../config/types.js';
import type { Topology } from './validate.js';

export function topologyOf(config: Pick<Config, 'centres'>): Topology {
  return { queuesByCentre: new Map(config.centres.map((c) => [c.id, new Set(c.queues.map((q) => q.id))])) };
}
