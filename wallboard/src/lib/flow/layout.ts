/**
 * layout: the d3 maths of the cross-centre flow view — where each centre sits, how big its node
 * is, and the curved arrow of each re-routing, with its width by share. Pure, so it is tested.
 */
import { extent, max } from 'd3-array';
import { scaleLinear, scaleSqrt } from 'd3-scale';
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
  /** The share and what moves: "30% Voice". */
  label: string;
  /** Where the share label goes. */
  labelX: number;
  labelY: number;
  strokeWidth: number;
}

/**
 * placeCentres spreads the centres evenly round a circle (one in the middle, two side by side,
 * three as a triangle pointing up, …), then stretches that shape with d3 scales to fill the box,
 * leaving `labelSpace` for the names: above the top row, below the others. Node area ∝ staffed agents.
 * Nodes shrink (down to half of `maxR`) until neighbours are `minGap` apart edge to edge, so an
 * arrow between them has room for its head and its label.
 */
export function placeCentres(
  centres: readonly FlowCentre[],
  width: number,
  height: number,
  maxR: number,
  labelSpace = 0,
  minGap = 0,
): PlacedCentre[] {
  let placed = placeWith(centres, width, height, maxR, labelSpace);
  for (let r = maxR * 0.95; r >= maxR * 0.5 && edgeGap(placed) < minGap; r -= maxR * 0.05) placed = placeWith(centres, width, height, r, labelSpace);
  return placed;
}

function placeWith(centres: readonly FlowCentre[], width: number, height: number, maxR: number, labelSpace: number): PlacedCentre[] {
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

/** edgeGap: the least distance between two nodes' edges (infinite with fewer than two). */
function edgeGap(placed: readonly PlacedCentre[]): number {
  let gap = Infinity;
  for (let i = 0; i < placed.length; i++)
    for (let j = i + 1; j < placed.length; j++) {
      const [a, b] = [placed[i]!, placed[j]!];
      gap = Math.min(gap, Math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r);
    }
  return gap;
}

/** fit maps the values' extent onto [lo, hi]; a single value (or a box too small) goes to the middle. */
function fit(values: number[], lo: number, hi: number): (v: number) => number {
  const [a, b] = extent(values) as [number, number];
  if (b - a < 1e-9 || hi <= lo) return () => (lo + hi) / 2;
  return scaleLinear().domain([a, b]).range([lo, hi]);
}

/** What routeArrows needs besides the routes and nodes: the label of a route, the box, one rem and the label size in rem. */
export interface ArrowOptions {
  label: (route: Route) => string;
  width: number;
  height: number;
  unit: number;
  fontRem: number;
}

/**
 * routeArrows draws every re-routing, even several between the same two centres (one per queue or
 * media, either way): each is its own curve from edge to edge of the two nodes, nested on the side
 * facing the middle of the view (where the names are not), the first flattest; width grows with the
 * share. Their labels are stacked, one line each, beside the outermost curve and kept inside the box.
 */
export function routeArrows(routes: readonly Route[], placed: readonly PlacedCentre[], options: ArrowOptions): PlacedRoute[] {
  const { unit } = options;
  const byId = new Map(placed.map((p) => [p.id, p]));
  const width = scaleLinear().domain([0, 1]).range([unit * 0.25, unit * 1.2]).clamp(true);
  const centroid = { x: mean(placed.map((p) => p.x)), y: mean(placed.map((p) => p.y)) };
  const pairs = new Map<string, Route[]>();
  for (const route of routes) {
    const a = byId.get(route.from);
    const b = byId.get(route.to);
    if (a === undefined || b === undefined || a === b) continue;
    const key = [route.from, route.to].sort().join('\u0000');
    pairs.set(key, [...(pairs.get(key) ?? []), route]);
  }
  const lineHeight = options.fontRem * unit * 1.3;
  const out: PlacedRoute[] = [];
  for (const group of pairs.values()) {
    // The pair in a fixed order (by id), so both directions bend the same way and nest.
    const [p, q] = [group[0]!.from, group[0]!.to].sort().map((id) => byId.get(id)!) as [PlacedCentre, PlacedCentre];
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const [ux, uy] = [(q.x - p.x) / len, (q.y - p.y) / len];
    const mid = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
    // The normal towards the middle of the view; on the line itself (two centres), the right of p→q.
    let [nx, ny] = [-uy, ux];
    if ((centroid.x - mid.x) * nx + (centroid.y - mid.y) * ny < -1e-6) [nx, ny] = [-nx, -ny];
    const step = Math.max(unit * 1.6, len * 0.1);
    const bends = group.map((_, k) => len * 0.12 + k * step);
    // The labels' stack sits just inside the outermost curve's apex (half its bend from the chord),
    // pushed along the normal by its own half-extent so its nearest edge clears the curve.
    const texts = group.map((route) => options.label(route));
    const stackW = Math.max(...texts.map((text) => textWidth(text, options.fontRem * unit)));
    const stackH = group.length * lineHeight;
    const clear = bends[bends.length - 1]! / 2 + unit * 0.6 + Math.abs(nx) * (stackW / 2) + Math.abs(ny) * (stackH / 2);
    const stack = { x: mid.x + nx * clear, y: mid.y + ny * clear };
    group.forEach((route, k) => {
      const a = byId.get(route.from)!;
      const b = byId.get(route.to)!;
      const control = { x: mid.x + nx * bends[k]!, y: mid.y + ny * bends[k]! };
      const sw = width(route.share);
      const start = towards(a, control, a.r + unit * 0.3);
      // The head (3 stroke widths long, drawn past the end) stops just short of the target's edge.
      const end = towards(b, control, b.r + unit * 0.3 + sw * 2.4);
      const text = texts[k]!;
      const half = textWidth(text, options.fontRem * unit) / 2;
      const lx = stack.x;
      const ly = stack.y + (k - (group.length - 1) / 2) * lineHeight;
      out.push({
        ...route,
        path: `M${f(start.x)},${f(start.y)} Q${f(control.x)},${f(control.y)} ${f(end.x)},${f(end.y)}`,
        label: text,
        labelX: clamp(lx, half, options.width - half),
        labelY: clamp(ly, lineHeight / 2, options.height - lineHeight / 2),
        strokeWidth: sw,
      });
    });
  }
  return out;
}

/** towards: the point `distance` from a node's centre in the direction of `target`. */
function towards(node: PlacedCentre, target: { x: number; y: number }, distance: number): { x: number; y: number } {
  const d = Math.hypot(target.x - node.x, target.y - node.y) || 1;
  return { x: node.x + ((target.x - node.x) / d) * distance, y: node.y + ((target.y - node.y) / d) * distance };
}

/** textWidth estimates a label's width: Chinese characters are about square, Latin ones about 0.62 of the size. */
export function textWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.62;
  return w * fontPx;
}

const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length);
const clamp = (v: number, lo: number, hi: number): number => (hi < lo ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));
const f = (n: number): string => n.toFixed(1);
