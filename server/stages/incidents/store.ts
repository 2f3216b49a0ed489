/**
 * IncidentStore reads incidents and their timelines from Redis. They are written only by
 * the pipeline's commit (pipeline/commit.ts), together with the state that produced them: into
 * one slot, or with centre partitions on Redis Cluster into several (keys.ts slots()), read apart
 * and joined here. An incident's own keys follow its id.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../platform/redis/keys.js';
import { JsonHash } from '../../platform/redis/json-hash.js';
import type { Incident, TimelineEntry } from './types.js';

export class IncidentStore {
  /** The open incidents by id, as the commit writes them (one hash per slot). */
  private readonly open: JsonHash<Incident>[];

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.open = keys.slots().map((slot) => new JsonHash(redis, slot.openIncidents(), (incident) => incident.id));
  }

  async openIncidents(): Promise<Incident[]> {
    return (await Promise.all(this.open.map((hash) => hash.values()))).flat().sort((a, b) => a.openedAt - b.openedAt);
  }

  async get(id: string): Promise<Incident | undefined> {
    const text = await this.redis.get(this.keys.incident(id));
    return text === null ? undefined : (JSON.parse(text) as Incident);
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    return (await this.redis.lrange(this.keys.timeline(id), 0, -1)).map((t) => JSON.parse(t) as TimelineEntry);
  }

  /** list returns the newest incidents first: the newest `limit` of each slot's index, joined, the newest `limit` of those. */
  async list(limit: number): Promise<Incident[]> {
    const slots = this.keys.slots();
    const indexes = await Promise.all(slots.map((slot) => this.redis.zrevrange(slot.incidentIndex(), 0, limit - 1, 'WITHSCORES')));
    const newest = indexes
      .flatMap((flat, slot) => flat.flatMap((id, i) => (i % 2 === 0 ? [{ id, slot, openedAt: Number(flat[i + 1]) }] : [])))
      .sort((a, b) => b.openedAt - a.openedAt)
      .slice(0, limit);
    // One MGET per slot (a Cluster refuses one spanning slots), then back in the joined order.
    const texts = new Map<string, string | null>();
    await Promise.all(
      slots.map(async (slot, i) => {
        const ids = newest.filter((n) => n.slot === i).map((n) => n.id);
        if (ids.length === 0) return;
        const found = await this.redis.mget(ids.map((id) => slot.incident(id)));
        ids.forEach((id, j) => texts.set(id, found[j] ?? null));
      }),
    );
    return newest.flatMap(({ id }) => (texts.get(id) ? [JSON.parse(texts.get(id)!) as Incident] : []));
  }
}
