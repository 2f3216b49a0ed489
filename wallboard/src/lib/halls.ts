/**
 * halls: which hall's KPI strip a wall shows. `/wall?hall=<id>` names it; without one the wall shows
 * the first hall the config lists (the server always sends at least one). A name the config lacks
 * shows the first hall too, and says so, rather than an empty strip.
 */
import type { KpiSpec, Topology } from './live/protocol.js';
import { t } from '../i18n/index.js';

export interface HallStrip {
  kpis: KpiSpec[];
  /** Set when the address names a hall the config lacks. */
  note: string | null;
}

/** hallFor picks the strip for the page's address (`location.search`). */
export function hallFor(search: string, topology: Pick<Topology, 'halls'> | null): HallStrip {
  const halls = topology?.halls ?? {};
  const ids = Object.keys(halls);
  const wanted = new URLSearchParams(search).get('hall')?.trim() || null;
  const id = wanted !== null && wanted in halls ? wanted : ids[0];
  const kpis = id === undefined ? [] : (halls[id]?.kpis ?? []);
  const note = wanted !== null && !(wanted in halls) && ids.length > 0 ? t.kpi.unknownHall(wanted, ids.join(', ')) : null;
  return { kpis, note };
}
