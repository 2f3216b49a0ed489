/**
 * asteriskMapping builds the bridge's mapping from what it was given: the config file's
 * `adapters.asterisk` section (if any) and `--centre`. Queues of the default centre are
 * added under their own ids, with the media their configuration gives them, so a queue
 * named like ours needs no mapping line.
 */
import type { Config } from '../../../../config/types.js';
import type { AsteriskConfig } from '../config.js';
import type { QueueRef } from '../mapping.js';

/** asteriskMapping: the config's mapping, `--centre` applied, the default centre's queues added. */
export function asteriskMapping(config: Pick<Config, 'centres' | 'adapters'> | undefined, centre: string | undefined): AsteriskConfig {
  const base: AsteriskConfig = config?.adapters?.asterisk ?? { queues: new Map(), agents: new Map(), states: new Map(), defaultSeatType: 'onsite' };
  const defaultCentre = centre ?? base.centre;
  const queues = new Map<string, QueueRef>();
  for (const q of config?.centres.find((c) => c.id === defaultCentre)?.queues ?? []) queues.set(q.id, { centre: defaultCentre as string, queue: q.id, media: q.media });
  for (const [name, ref] of base.queues) queues.set(name, ref);
  return { ...base, queues, ...(defaultCentre === undefined ? {} : { centre: defaultCentre }) };
}
