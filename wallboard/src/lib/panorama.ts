/**
 * panorama: the rows of the control screen's panorama table — regions, each region's centres, each
 * centre's queues (lines) and skills — and which of them are open. Regions and queues come from the
 * topology (a centre without a region is its own region); skills from the figures, since agents
 * report them (`skill:<centre>/<skill>` scopes), sorted by name.
 */
import type { ScopeMetrics, Topology } from './live/protocol.js';
import { centreScope, queueScope } from './scopes.js';

export type PanoramaKind = 'all' | 'region' | 'centre' | 'queue' | 'skill';

/** One row: its scope, name, depth and whether it has rows beneath it to open. */
export interface PanoramaRow {
  scope: string;
  kind: PanoramaKind;
  name: string;
  depth: number;
  /** Rows beneath it (regions and centres): it can be opened. */
  parent: boolean;
}

export const regionScope = (region: string): string => `region:${region}`;
export const skillScope = (centre: string, skill: string): string => `skill:${centre}/${skill}`;

interface Branch {
  row: PanoramaRow;
  children: Branch[];
}

/** panoramaTree: every region with its centres, and each centre with its queues then its skills. */
function panoramaTree(topology: Pick<Topology, 'centres'>, scopes: Readonly<Record<string, ScopeMetrics>>): Branch[] {
  const regions = new Map<string, Branch>();
  for (const c of topology.centres) {
    const region = c.region ?? c.id;
    let branch = regions.get(region);
    // A centre without a region of its own is its region, under its own name.
    const name = region === c.id ? c.name : region;
    if (!branch) regions.set(region, (branch = { row: { scope: regionScope(region), kind: 'region', name, depth: 0, parent: true }, children: [] }));
    const prefix = `skill:${c.id}/`;
    const skills = Object.keys(scopes)
      .filter((id) => id.startsWith(prefix))
      .map((id) => id.slice(prefix.length))
      .sort();
    const leaves: Branch[] = [
      ...c.queues.map((q): Branch => ({ row: { scope: queueScope(c.id, q.id), kind: 'queue', name: q.name, depth: 2, parent: false }, children: [] })),
      ...skills.map((s): Branch => ({ row: { scope: skillScope(c.id, s), kind: 'skill', name: s, depth: 2, parent: false }, children: [] })),
    ];
    branch.children.push({ row: { scope: centreScope(c.id), kind: 'centre', name: c.name, depth: 1, parent: leaves.length > 0 }, children: leaves });
  }
  return [...regions.values()];
}

/** panoramaRows: the rows to show, all centres first, then each region and, under an open row, its children. */
export function panoramaRows(
  topology: Pick<Topology, 'centres'>,
  scopes: Readonly<Record<string, ScopeMetrics>>,
  open: ReadonlySet<string>,
  allName: string,
): PanoramaRow[] {
  const rows: PanoramaRow[] = [{ scope: 'all', kind: 'all', name: allName, depth: 0, parent: false }];
  const walk = (branches: Branch[]) => {
    for (const b of branches) {
      rows.push(b.row);
      if (open.has(b.row.scope)) walk(b.children);
    }
  };
  walk(panoramaTree(topology, scopes));
  return rows;
}

/** parentScopes: every row that can be opened (for "open all"). */
export function parentScopes(topology: Pick<Topology, 'centres'>, scopes: Readonly<Record<string, ScopeMetrics>>): string[] {
  const out: string[] = [];
  const walk = (branches: Branch[]) => {
    for (const b of branches) {
      if (b.row.parent) out.push(b.row.scope);
      walk(b.children);
    }
  };
  walk(panoramaTree(topology, scopes));
  return out;
}

/** toggled: the open set with `scope` opened or closed (closing a region keeps its centres' state for when it reopens). */
export function toggled(open: ReadonlySet<string>, scope: string): Set<string> {
  const next = new Set(open);
  if (!next.delete(scope)) next.add(scope);
  return next;
}
