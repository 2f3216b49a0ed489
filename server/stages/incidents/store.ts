/**
 * IncidentStore keeps incidents, their timelines and the rules evaluator's state in
 * Redis. A step's changes are written in one atomic, fenced write together with the
 * evaluator state that produced them, so a restart can neither lose nor repeat a
 * transition, and a deposed owner cannot write at all.
 */
import type { Redis } from 'ioredis';
import { FencedError, fencedWrite, type Command, type Fence } from '../../platform/cluster/fenced.js';
import { epochTag } from '../../platform/redis/epoch.js';
import type { Keys } from '../../platform/redis/keys.js';
import { emptyRulesState, type RulesState } from '../rules/index.js';
import type { Incident, IncidentChanges, TimelineEntry } from './types.js';

export class IncidentStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly fence: Fence,
  ) {}

  async loadRulesState(): Promise<RulesState> {
    const text = await this.redis.get(this.keys.rulesState());
    return text === null ? emptyRulesState() : (JSON.parse(text) as RulesState);
  }

  async openIncidents(): Promise<Incident[]> {
    const all = await this.redis.hvals(this.keys.openIncidents());
    return all.map((text) => JSON.parse(text) as Incident).sort((a, b) => a.openedAt - b.openedAt);
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

  /**
   * newId hands out ids like INC-20261123-k3f9a-0007: the tag of the term's Redis epoch keeps
   * them unique when Redis loses its state and the counter restarts (gaps after a crash are harmless).
   */
  async newId(now: number): Promise<string> {
    const epoch = this.fence.epoch();
    if (epoch === null) throw new FencedError('not the lease holder: no incident ids');
    const n = await this.redis.incr(this.keys.incidentSeq());
    return `INC-${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}-${epochTag(epoch)}-${String(n).padStart(4, '0')}`;
  }

  /** commit writes changed incidents, their timeline lines and (optionally) the evaluator state: atomically, and only under the lease. */
  async commit(changes: IncidentChanges, rulesState?: RulesState): Promise<void> {
    const commands: Command[] = [];
    if (rulesState) commands.push(['SET', this.keys.rulesState(), JSON.stringify(rulesState)]);
    for (const incident of changes.incidents) {
      const json = JSON.stringify(incident);
      commands.push(['SET', this.keys.incident(incident.id), json], ['ZADD', this.keys.incidentIndex(), incident.openedAt, incident.id]);
      if (incident.state === 'open') commands.push(['HSET', this.keys.openIncidents(), incident.id, json]);
      else commands.push(['HDEL', this.keys.openIncidents(), incident.id]);
    }
    for (const { id, entry } of changes.timeline) commands.push(['RPUSH', this.keys.timeline(id), JSON.stringify(entry)]);
    await fencedWrite(this.redis, this.fence, commands);
  }
}
