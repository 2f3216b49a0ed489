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
  // First each pair's curves and the place of its labels' stack, then the stacks kept apart, then the routes.
  const laid = [...pairs.values()].map((group) => layPair(group, byId, centroid, unit, lineHeight, options));
  separate(laid.map((l) => l.stack), options.height);
  const out: PlacedRoute[] = [];
  for (const { group, curves, texts, stack } of laid) {
    group.forEach((route, k) => {
      const text = texts[k]!;
      const half = textWidth(text, options.fontRem * unit) / 2;
      const ly = stack.y + (k - (group.length - 1) / 2) * lineHeight;
      out.push({
        ...route,
        ...curves[k]!,
        label: text,
        labelX: clamp(stack.x, half, options.width - half),
        labelY: clamp(ly, lineHeight / 2, options.height - lineHeight / 2),
      });
    });
  }
  return out;
}

/** A pair's labels, stacked one line each: its centre and extent. */
interface Stack {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * layPair bends the routes between one pair of centres and places their labels' stack: just inside
 * the outermost curve's apex (half its bend from the chord), pushed along the normal by its own
 * half-extent so its nearest edge clears the curve.
 */
function layPair(
  group: Route[],
  byId: ReadonlyMap<string, PlacedCentre>,
  centroid: { x: number; y: number },
  unit: number,
  lineHeight: number,
  options: ArrowOptions,
): { group: Route[]; curves: { path: string; strokeWidth: number }[]; texts: string[]; stack: Stack } {
  const width = scaleLinear().domain([0, 1]).range([unit * 0.25, unit * 1.2]).clamp(true);
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
  const texts = group.map((route) => options.label(route));
  const w = Math.max(...texts.map((text) => textWidth(text, options.fontRem * unit)));
  const h = group.length * lineHeight;
  const clear = bends[bends.length - 1]! / 2 + unit * 0.6 + Math.abs(nx) * (w / 2) + Math.abs(ny) * (h / 2);
  const curves = group.map((route, k) => {
    const a = byId.get(route.from)!;
    const b = byId.get(route.to)!;
    const control = { x: mid.x + nx * bends[k]!, y: mid.y + ny * bends[k]! };
    const sw = width(route.share);
    const start = towards(a, control, a.r + unit * 0.3);
    // The head (3 stroke widths long, drawn past the end) stops just short of the target's edge.
    const end = towards(b, control, b.r + unit * 0.3 + sw * 2.4);
    return { path: `M${f(start.x)},${f(start.y)} Q${f(control.x)},${f(control.y)} ${f(end.x)},${f(end.y)}`, strokeWidth: sw };
  });
  return { group, curves, texts, stack: { x: mid.x + nx * clear, y: mid.y + ny * clear, w, h } };
}

/**
 * separate moves label stacks that would overlap (pairs from one centre to two others, their curves
 * close together in a short panel) apart vertically, each half the overlap, within the box's height.
 */
function separate(stacks: Stack[], height: number): void {
  for (let pass = 0; pass < 8; pass++) {
    let moved = false;
    for (let i = 0; i < stacks.length; i++)
      for (let j = i + 1; j < stacks.length; j++) {
        const [a, b] = [stacks[i]!, stacks[j]!];
        const dx = (a.w + b.w) / 2 - Math.abs(a.x - b.x);
        const dy = (a.h + b.h) / 2 - Math.abs(a.y - b.y);
        if (dx <= 0 || dy <= 0) continue;
        const [upper, lower] = a.y <= b.y ? [a, b] : [b, a];
        upper.y -= dy / 2;
        lower.y += dy / 2;
        moved = true;
      }
    for (const s of stacks) s.y = clamp(s.y, s.h / 2, height - s.h / 2);
    if (!moved) return;
  }
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
