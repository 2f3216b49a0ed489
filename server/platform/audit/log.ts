/**
 * AuditLog is the append-only record of control actions: who did what, to what, when
 * and why. Entries are never edited; retention (`retention.auditDays`) trims the oldest.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

export interface AuditEntry {
  at: number;
  who: string;
  role: string;
  action: string;
  target: string;
  reason: string;
  details?: Record<string, unknown>;
}

export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.redis.xadd(this.keys.audit(), '*', 'entry', JSON.stringify(entry));
  }

  /** recent returns the newest entries first (of every slot a commit writes audit into, keys.ts slots()). */
  async recent(limit: number): Promise<(AuditEntry & { id: string })[]> {
    const slots = await Promise.all(this.keys.slots().map((slot) => this.redis.xrevrange(slot.audit(), '+', '-', 'COUNT', limit)));
    const rows = slots.flat().sort(([a], [b]) => newestFirst(a, b)).slice(0, limit);
    return rows.map(([id, fields]) => ({ id, ...(JSON.parse(fields[1] ?? '{}') as AuditEntry) }));
  }
}

/** newestFirst orders stream ids (`<ms>-<seq>`) newest first. */
function newestFirst(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return bm - am || bs - as;
}
