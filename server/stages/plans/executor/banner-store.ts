/**
 * BannerStore keeps the banner each banner step put up, until its undo takes it down, and
 * publishes the banners in force (one per open incident, see bannersInForce) to the wallboards
 * as one complete `banners` message.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';
import type { IncidentStore } from '../../incidents/store.js';
import type { LiveMessages } from '../../push/messages.js';
import { bannersInForce, type BannerEntry } from '../banners.js';

export class BannerStore extends JsonHash<BannerEntry> {
  constructor(redis: Redis, keys: Keys) {
    super(redis, keys.banners(), (entry) => entry.step);
  }
}

/** publishBanners announces the banners in force, from the entries recorded and the open incidents, as of when they were read. */
export async function publishBanners(deps: { banners: BannerStore; incidents: IncidentStore; live: LiveMessages; clock: () => number }): Promise<void> {
  const asOf = deps.clock();
  const [entries, open] = await Promise.all([deps.banners.values(), deps.incidents.openIncidents()]);
  await deps.live.publish({ type: 'banners', asOf, banners: bannersInForce(entries, open) });
}
