/**
 * Report history for tests: minutes written the way the pipeline writes them (through HistoryStore),
 * from figures that hold only what reports read — today's running counts and a few instants.
 */
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import { HistoryStore } from '../../stages/metrics/history/store.js';
import { createKeys } from '../../platform/redis/keys.js';
import type { MetricsByScope, ScopeMetrics } from '../../stages/metrics/types.js';
import { REDIS_URL } from './env.js';

/** Today's running counts of a scope (answered in time is also the service level's met term here); more by their ScopeMetrics names. */
export interface Today {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  within: number;
  slBase: number;
}

/** reportFigures: a scope's figures as history reads them; `today` null keeps no counts (a roll-up's own series). */
export function reportFigures(
  today: (Today & Record<string, number>) | null,
  instants: { waiting: number; staffed?: number; ivrInCall?: number; ivrCallsNow?: number; backlogOpen?: number },
): ScopeMetrics {
  const windows = today && {
    today: {
      ...today,
      offered: today.offered,
      answered: today.answered,
      abandoned: today.abandoned,
      shortAbandoned: today.shortAbandoned,
      answeredWithinThreshold: today.within,
      serviceLevelMet: today.within,
      serviceLevelBase: today.slBase,
      transferredOut: 0,
    },
  };
  return {
    waiting: instants.waiting,
    agents: { staffed: instants.staffed ?? 0 },
    ivr: { inCall: instants.ivrInCall ?? 0, callsNow: instants.ivrCallsNow ?? 0 },
    backlog: { open: instants.backlogOpen ?? 0 },
    ...(windows ? { windows } : {}),
  } as unknown as ScopeMetrics;
}

/** writeMinutes records each minute as the pipeline does: a tick inside it, then the next minute's first tick writes it. */
export async function writeMinutes(prefix: string, minutes: Array<[at: number, figures: MetricsByScope]>): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const store = new HistoryStore(redis, createKeys(prefix), 30 * 86_400);
    const sorted = [...minutes].sort((a, b) => a[0] - b[0]);
    for (const [at, f] of sorted) await store.record(f, at + 30_000);
    if (sorted.length > 0) await store.record({}, sorted.at(-1)![0] + 90_000);
  } finally {
    redis.disconnect();
  }
}

type Row = Record<string, unknown>;

/** csvRows reads a report CSV back into rows (empty is null, a number a number), with its header. */
export function csvRows(text: string): { fields: string[]; rows: Row[] } {
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const fields = header!.split(',');
  // Report cells hold no commas or quotes (scope ids, ISO times, numbers).
  const typed = (v: string) => (v === '' ? null : /^-?\d[\d.e+-]*$/.test(v) ? Number(v) : v);
  return { fields, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [fields[i], typed(v)]))) };
}

/** xlsxRows reads a report workbook's `Report` sheet back into rows, with its header. */
export async function xlsxRows(file: Buffer): Promise<{ fields: string[]; rows: Row[] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Report');
  if (!sheet) throw new Error('the workbook has no Report sheet');
  let fields: string[] = [];
  const rows: Row[] = [];
  sheet.eachRow((row, n) => {
    const cells = (row.values as unknown[]).slice(1);
    if (n === 1) fields = cells as string[];
    else rows.push(Object.fromEntries(fields.map((f, i) => [f, cells[i] ?? null])));
  });
  return { fields, rows };
}
