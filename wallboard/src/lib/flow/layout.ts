/**
 * layout: the d3 maths of the cross-centre flow view — where each centre sits, how big its node
 * is, and the curved arrow of each re-routing, with its width by share. Pure, so it is tested.
 */
import { extent, max, scaleLinear, scaleSqrt } from 'd3';
import type { Level, Route } from '../live/protocol.js';

export interface FlowCentre {
  id: string;
  name: string;
  level: Level;
  waiting: number | null;
  available: number | null;
  staffed: number | null;
  /** The centre's feed is silent: its figures are not live. */
  silent?: boolean;
}

export interface PlacedCentre extends FlowCentre {
  x: number;
  y: number;
  r: number;
  /** Top-row nodes carry their label above, so arrows leaving downwards do not cross it. */
  labelAbove: boolean;
}

export interface PlacedRoute extends Route {
  path: string;
  /** Where the share label goes. */
  labelX: number;
  labelY: number;
  strokeWidth: number;
}

/**
 * placeCentres spreads the centres evenly round a circle (one in the middle, two side by side,
 * three as a triangle pointing up, …), then stretches that shape with d3 scales to fill the box,
 * leaving `labelSpace` for the names: above the top row, below the others. Node area ∝ staffed agents.
 */
export function placeCentres(
  centres: readonly FlowCentre[],
  width: number,
  height: number,
  maxR: number,
  labelSpace = 0,
): PlacedCentre[] {
  const n = centres.length;
  if (n === 0 || width <= 0 || height <= 0) return [];
  const r = scaleSqrt()
    .domain([0, Math.max(1, max(centres, (c) => c.staffed ?? 0) ?? 1)])
    .range([maxR * 0.55, maxR]);
  const unit = centres.map((_, i) => {
    const angle = n === 2 ? Math.PI * (i + 1) : -Math.PI / 2 + (2 * Math.PI * i) / n;
    return { x: Math.cos(angle), y: Math.sin(angle) };
  });
  const above = unit.map((p) => n >= 3 && p.y < -0.5);
  const x = fit(unit.map((p) => p.x), maxR, width - maxR);
  const y = fit(unit.map((p) => p.y), maxR + (above.some(Boolean) ? labelSpace : 0), height - maxR - labelSpace);
  return centres.map((c, i) => ({ ...c, x: x(unit[i]!.x), y: y(unit[i]!.y), r: r(c.staffed ?? 0), labelAbove: above[i]! }));
}

/** fit maps the values' extent onto [lo, hi]; a single value (or a box too small) goes to the middle. */
function fit(values: number[], lo: number, hi: number): (v: number) => number {
  const [a, b] = extent(values) as [number, number];
  if (b - a < 1e-9 || hi <= lo) return () => (lo + hi) / 2;
  return scaleLinear().domain([a, b]).range([lo, hi]);
}

/**
 * routeArrows draws each re-routing as a curve from edge to edge of the two nodes, bent to the
 * right of its direction so A→B and B→A never overlap; width grows with the share.
 */
export function routeArrows(routes: readonly Route[], placed: readonly PlacedCentre[], unit: number): PlacedRoute[] {
  const byId = new Map(placed.map((p) => [p.id, p]));
  const width = scaleLinear().domain([0, 1]).range([unit * 0.25, unit * 1.2]).clamp(true);
  const out: PlacedRoute[] = [];
  for (const route of routes) {
    const a = byId.get(route.from);
    const b = byId.get(route.to);
    if (a === undefined || b === undefined || a === b) continue;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const [ux, uy] = [dx / len, dy / len];
    const [nx, ny] = [-uy, ux]; // normal, to the right of the direction in screen coordinates
    const bend = len * 0.18;
    const sw = width(route.share);
    const start = { x: a.x + ux * (a.r + unit * 0.3), y: a.y + uy * (a.r + unit * 0.3) };
    const end = { x: b.x - ux * (b.r + unit * 0.3 + sw * 2), y: b.y - uy * (b.r + unit * 0.3 + sw * 2) };
    const mid = { x: (a.x + b.x) / 2 + nx * bend, y: (a.y + b.y) / 2 + ny * bend };
    out.push({
      ...route,
      path: `M${f(start.x)},${f(start.y)} Q${f(mid.x)},${f(mid.y)} ${f(end.x)},${f(end.y)}`,
      labelX: (start.x + 2 * mid.x + end.x) / 4 + nx * unit * 0.9,
      labelY: (start.y + 2 * mid.y + end.y) / 4 + ny * unit * 0.9,
      strokeWidth: sw,
    });
  }
  return out;
}

const f = (n: number): string => n.toFixed(1);
