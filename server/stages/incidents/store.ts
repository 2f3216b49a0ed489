/**
 * IncidentStore reads incidents and their timelines from Redis. They are written only by
 * the pipeline's commit (pipeline/commit.ts), together with the state that produced them.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../../platform/redis/keys.js';
import { JsonHash } from '../../platform/redis/json-hash.js';
import type { Incident, TimelineEntry } from './types.js';

export class IncidentStore {
  /** The open incidents by id, as the commit writes them. */
  private readonly open: JsonHash<Incident>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.open = new JsonHash(redis, keys.openIncidents(), (incident) => incident.id);
  }

  async openIncidents(): Promise<Incident[]> {
    return (await this.open.values()).sort((a, b) => a.openedAt - b.openedAt);
  }

  async get(id: string): Promise<Incident | undefined> {
    const text = await this.redis.get(this.keys.incident(id));
    return text === null ? undefined : (JSON.parse(text) as Incident);
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    return (await this.redis.lrange(this.keys.timeline(id), 0, -1)).map((t) => JSON.parse(t) as TimelineEntry);
  }

  /** list returns the newest incidents first. */
  async list(limit: number): Promise<Incident[]> {
    const ids = await this.redis.zrevrange(this.keys.incidentIndex(), 0, limit - 1);
    if (ids.length === 0) return [];
    const texts = await this.redis.mget(ids.map((id) => this.keys.incident(id)));
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as Incident);
  }
}
