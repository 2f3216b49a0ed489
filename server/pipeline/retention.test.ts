/**
 * Retention on real Redis, at an injected clock: incidents resolved longer ago than incidentDays
 * go with their timelines, plan steps and notifications; recent, open and still-in-force ones
 * stay; the audit is trimmed only after auditDays.
 */
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../platform/audit/log.js';
import { createKeys } from '../platform/redis/keys.js';
import type { Incident } from '../stages/incidents/types.js';
import { NotificationStore } from '../stages/plans/executor/notifications.js';
import { StepStore, type Step } from '../stages/plans/executor/steps.js';
import { quietLogger, useRedis } from '../test/support/env.js';
import { pruneRetained, type RetentionDeps } from './retention.js';

const { prefix, redis } = useRedis('retention');
const keys = createKeys(prefix);
const DAY = 86_400_000;
const settings = { incidentDays: 30, auditDays: 90, everySec: 3600 };
const now = Date.now();
const deps: RetentionDeps = { redis, keys, steps: new StepStore(redis, keys), notifications: new NotificationStore(redis, keys), settings, clock: () => now, logger: quietLogger() };

/** incident writes an incident as the commit does: the document, the index by opening time, a timeline line, a step and its notification. */
async function incident(id: string, openedAt: number, resolvedAt: number | null, step: Partial<Step> = {}): Promise<void> {
  const doc = { id, state: resolvedAt === null ? 'open' : 'resolved', openedAt, resolvedAt } as Incident;
  await redis.multi().set(keys.incident(id), JSON.stringify(doc)).zadd(keys.incidentIndex(), openedAt, id).rpush(keys.timeline(id), JSON.stringify({ at: openedAt, kind: 'opened' })).exec();
  const key = `${id}:red:0`;
  await deps.steps.put({ key, incidentId: id, level: 'red', plan: 'p', index: 0, kind: 'notify', state: 'done', detail: '', updatedAt: openedAt, ...step });
  await deps.notifications.create({ key, incidentId: id, level: 'red', group: 'g', template: 't', state: { sent: [], acknowledgedAt: null }, done: null });
}

const exists = async (id: string) => ({
  incident: (await redis.exists(keys.incident(id), keys.timeline(id))) as number,
  indexed: (await redis.zscore(keys.incidentIndex(), id)) !== null,
  steps: (await deps.steps.list(id)).length,
  notification: (await deps.notifications.get(`${id}:red:0`)) !== undefined,
});

describe('retention', () => {
  it('removes old resolved incidents with everything hanging off them, and nothing else', async () => {
    await incident('old', now - 40 * DAY, now - 31 * DAY);
    await incident('recent', now - 40 * DAY, now - 29 * DAY);
    await incident('open', now - 60 * DAY, null);
    await incident('kept-in-force', now - 40 * DAY, now - 31 * DAY, { kind: 'reroute', keptUntil: now + DAY });

    expect(await pruneRetained(deps, now)).toEqual({ incidents: 1, audit: 0 });
    expect(await exists('old')).toEqual({ incident: 0, indexed: false, steps: 0, notification: false });
    expect(await redis.sismember(keys.notificationsActive(), 'old:red:0')).toBe(0);
    for (const id of ['recent', 'open', 'kept-in-force']) expect(await exists(id)).toEqual({ incident: 2, indexed: true, steps: 1, notification: true });
    expect((await deps.steps.page(500)).steps.map((s) => s.incidentId).sort()).toEqual(['kept-in-force', 'open', 'recent']);

    // Two days on, `recent` is past its time too; the others still stay.
    expect((await pruneRetained(deps, now + 2 * DAY)).incidents).toBe(1);
    expect((await exists('recent')).incident).toBe(0);
    expect((await exists('open')).incident).toBe(2);
  });

  it('keeps the audit for auditDays, longer than the incidents', async () => {
    const audit = new AuditLog(redis, keys);
    for (let i = 0; i < 3; i++) await audit.append({ at: now, who: 'dispatcher', role: 'dispatcher', action: 'incident.ack', target: 'old', reason: 'seen' });
    expect((await pruneRetained(deps, now + 89 * DAY)).audit).toBe(0);
    expect(await audit.recent(10)).toHaveLength(3);
    expect((await pruneRetained(deps, now + 91 * DAY)).audit).toBe(3);
    expect(await audit.recent(10)).toEqual([]);
  });
});
