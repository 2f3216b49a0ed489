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

  /** recent returns the newest entries first. */
  async recent(limit: number): Promise<(AuditEntry & { id: string })[]> {
    const rows = await this.redis.xrevrange(this.keys.audit(), '+', '-', 'COUNT', limit);
    return rows.map(([id, fields]) => ({ id, ...(JSON.parse(fields[1] ?? '{}') as AuditEntry) }));
  }
}
