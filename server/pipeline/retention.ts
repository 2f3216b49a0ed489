/**
 * Retention (config `retention:`, docs/security.md): every `everySec` the lease holder prunes,
 * at its clock,
 *
 *   incidents resolved more than incidentDays ago ─► the incident, its timeline, plan steps and
 *                                                    notifications (not while a step is still in force)
 *   audit entries older than auditDays            ─► XTRIM MINID
 *
 * Deleting is safe outside the commit: a resolved incident is never written again, and a step
 * still in force (kept re-routing or seats) keeps its incident until it is undone.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/log/log.js';
import type { Keys } from '../platform/redis/keys.js';
import type { Incident } from '../stages/incidents/types.js';
import { stepsInForce } from '../stages/plans/executor/in-force.js';
import type { NotificationStore } from '../stages/plans/executor/notifications.js';
import type { StepStore } from '../stages/plans/executor/steps.js';
import type { RetentionSettings } from './retention-config.js';

export interface RetentionDeps {
  redis: Redis;
  keys: Keys;
  steps: StepStore;
  notifications: NotificationStore;
  settings: RetentionSettings;
  clock: () => number;
  logger: Logger;
}

const DAY_MS = 86_400_000;
/** Incidents looked at per read: each run reads the old end of the index a slice at a time. */
const SLICE = 200;

/** pruneRetained removes what retention lets go as of `now`; returns how many incidents and audit entries went. */
export async function pruneRetained(deps: RetentionDeps, now: number): Promise<{ incidents: number; audit: number }> {
  let incidents = 0;
  let audit = 0;
  // Each slot the pipeline commits into (keys.ts slots()) keeps its own incidents and audit.
  for (const keys of deps.keys.slots()) {
    incidents += await pruneIncidents(deps, keys, now);
    audit += await deps.redis.xtrim(keys.audit(), 'MINID', `${Math.max(0, now - deps.settings.auditDays * DAY_MS)}-0`);
  }
  return { incidents, audit };
}

async function pruneIncidents(deps: RetentionDeps, keys: Keys, now: number): Promise<number> {
  const { redis, settings } = deps;
  const cutoff = now - settings.incidentDays * DAY_MS;
  let incidents = 0;
  let kept = 0;
  for (;;) {
    // Opened before the cutoff (so possibly resolved before it); the ones kept are skipped by offset.
    const ids = await redis.zrangebyscore(keys.incidentIndex(), '-inf', cutoff, 'LIMIT', kept, SLICE);
    if (ids.length === 0) break;
    const texts = await redis.mget(ids.map((id) => keys.incident(id)));
    for (const [i, id] of ids.entries()) {
      const incident = texts[i] === null ? null : (JSON.parse(texts[i]!) as Incident);
      if (incident && !(await expired(deps, incident, cutoff))) {
        kept++;
        continue;
      }
      await deps.notifications.remove(await deps.steps.removeIncident(id));
      await redis.multi().del(keys.incident(id), keys.timeline(id)).zrem(keys.incidentIndex(), id).exec();
      incidents++;
    }
    if (ids.length < SLICE) break;
  }
  return incidents;
}

async function expired(deps: RetentionDeps, incident: Incident, cutoff: number): Promise<boolean> {
  if (incident.state !== 'resolved' || incident.resolvedAt === null || incident.resolvedAt >= cutoff) return false;
  return stepsInForce(await deps.steps.list(incident.id)).length === 0;
}

/** startRetention prunes every `everySec` while `leading()` (the pipeline lease holder), one run at a time; returns stop. */
export function startRetention(deps: RetentionDeps, leading: () => boolean): () => void {
  let running = false;
  const run = async () => {
    if (running || !leading()) return;
    running = true;
    try {
      const pruned = await pruneRetained(deps, deps.clock());
      if (pruned.incidents + pruned.audit > 0) deps.logger.info(pruned, 'retention: old incidents and audit entries removed');
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'retention run failed; trying again at the next');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), deps.settings.everySec * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
