/**
 * Silences mute alert SMS for a scope (an incident's centre scope, `centre:wuhan`, or a
 * glob such as `centre:*`) until a given time, with a reason. A muted alert is not lost:
 * its notification waits and goes out when the silence ends, if still unacknowledged.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../../../platform/redis/keys.js';
import { JsonHash } from '../../../platform/redis/json-hash.js';
import { compileScopePattern } from '../../rules/scope-pattern.js';

export interface Silence {
  id: string;
  scope: string;
  until: number;
  reason: string;
  by: string;
  createdAt: number;
}

export class SilenceStore {
  private readonly hash: JsonHash<Silence>;

  constructor(redis: Redis, keys: Keys) {
    this.hash = new JsonHash(redis, keys.silences(), (s) => s.id);
  }

  /** add records a silence; a string is why the scope is not one. */
  async add(input: Omit<Silence, 'id'>): Promise<Silence | string> {
    const pattern = compileScopePattern(input.scope);
    if (typeof pattern === 'string') return pattern;
    const silence = { id: randomUUID(), ...input };
    await this.hash.put(silence);
    return silence;
  }

  /** expire ends a silence now. */
  expire(id: string, now: number): Promise<Silence | undefined> {
    return this.hash.update(id, { until: now });
  }

  /** active lists the silences in force at `now`; ended ones are dropped after a day. */
  async active(now: number): Promise<Silence[]> {
    const all = await this.hash.values();
    await this.hash.delete(all.filter((s) => s.until < now - 86_400_000).map((s) => s.id));
    return all.filter((s) => s.until > now);
  }
}

/** silencing gives, of the silences in force (SilenceStore.active), the one for a scope that lasts longest, if any. */
export function silencing(active: readonly Silence[], scope: string): Silence | undefined {
  const matching = active.filter((s) => {
    const pattern = compileScopePattern(s.scope);
    return typeof pattern !== 'string' && pattern.test(scope);
  });
  return matching.sort((a, b) => b.until - a.until)[0];
}
