/** staffing: names for the rows of `GET /v1/staffing` (one per configured queue). */
import type { StaffingRow } from './api/types.js';
import type { TopologyCentre } from './live/protocol.js';

/** staffingNames: the configured centre and queue names of a row; the ids when the topology does not know them. */
export function staffingNames(row: Pick<StaffingRow, 'centre' | 'queue'>, centres: readonly TopologyCentre[]): { centre: string; queue: string } {
  const centre = centres.find((c) => c.id === row.centre);
  return { centre: centre?.name ?? row.centre, queue: centre?.queues.find((q) => q.id === row.queue)?.name ?? row.queue };
}
