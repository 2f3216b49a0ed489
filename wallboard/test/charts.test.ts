import { describe, expect, it } from 'vitest';
import { linearScale, timeDomain, timeTicks, valueDomain } from '../src/lib/charts/scales.js';
import { placeCentres, routeArrows, type FlowCentre } from '../src/lib/flow/layout.js';

describe('chart scales', () => {
  const H = 3_600_000;
  it.each([
    { name: 'an hour of data fills the window', times: [0, H], end: H, dom: [0, H] },
    { name: 'older data is cut at the window', times: [-H, H], end: H, dom: [0, H] },
    { name: 'a few minutes of data spans just those', times: [H - 600_000, H], end: H, dom: [H - 600_000, H] },
    { name: 'under the minimum, the minimum', times: [H - 1_000], end: H, dom: [H - 300_000, H] },
    { name: 'no data: the minimum', times: [], end: H, dom: [H - 300_000, H] },
  ])('timeDomain: $name', ({ times, end, dom }) => expect(timeDomain(times, end, H, 300_000)).toEqual(dom));

  it.each([
    { values: [1, 3, null], floor: 5, fixed: undefined, dom: [0, 5] },
    { values: [1, 30, null], floor: 5, fixed: undefined, dom: [0, 30] },
    { values: [], floor: 1, fixed: undefined, dom: [0, 1] },
    { values: [0.5], floor: 1, fixed: [0, 1] as [number, number], dom: [0, 1] },
  ])('valueDomain $values → $dom', ({ values, floor, fixed, dom }) => expect(valueDomain(values, floor, fixed)).toEqual(dom));

  it('timeTicks falls on round clock times', () => {
    const from = Date.UTC(2025, 0, 1, 13, 47, 12);
    const ticks = timeTicks([from, from + 3_600_000], 6);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.every((t) => t % 300_000 === 0)).toBe(true);
  });

  it('linearScale maps domain to range', () => {
    const s = linearScale([0, 10], [100, 0]);
    expect(s(0)).toBe(100);
    expect(s(5)).toBe(50);
  });
});

describe('flow layout', () => {
  const c = (id: string, staffed: number): FlowCentre => ({ id, name: id, level: 'normal', waiting: 1, available: 1, staffed });

  it('nothing to place in an empty box or without centres', () => {
    expect(placeCentres([], 100, 100, 10)).toEqual([]);
    expect(placeCentres([c('a', 1)], 0, 100, 10)).toEqual([]);
  });

  it('one centre sits in the middle', () => {
    const [a] = placeCentres([c('a', 10)], 400, 300, 50);
    expect([a!.x, a!.y, a!.r]).toEqual([200, 150, 50]);
  });

  it('three centres form a triangle inside the box, the top one labelled above', () => {
    const placed = placeCentres([c('a', 80), c('b', 20), c('c', 0)], 400, 500, 60, 40);
    for (const p of placed) {
      expect(p.x - 60).toBeGreaterThanOrEqual(0);
      expect(p.x + 60).toBeLessThanOrEqual(400);
      expect(p.y - 60).toBeGreaterThanOrEqual(0);
      expect(p.y + 60 + 40).toBeLessThanOrEqual(500 + 1e-9);
    }
    expect(placed.map((p) => p.labelAbove)).toEqual([true, false, false]);
    expect(placed[0]!.y).toBeLessThan(placed[1]!.y);
    expect(placed[1]!.y).toBeCloseTo(placed[2]!.y);
    // area grows with staff: the biggest centre is the largest node
    expect(placed[0]!.r).toBe(60);
    expect(placed[2]!.r).toBeLessThan(placed[1]!.r);
  });

  it('arrows join known centres only, wider for bigger shares, bent apart both ways', () => {
    const placed = placeCentres([c('a', 10), c('b', 10)], 400, 200, 40);
    const arrows = routeArrows(
      [
        { from: 'a', to: 'b', share: 0.5 },
        { from: 'b', to: 'a', share: 0.1 },
        { from: 'a', to: 'zz', share: 0.3 },
        { from: 'a', to: 'a', share: 0.3 },
      ],
      placed,
      { label: (r) => `${r.share * 100}%`, width: 400, height: 200, unit: 16, fontRem: 1.25 },
    );
    expect(arrows).toHaveLength(2);
    expect(arrows[0]!.strokeWidth).toBeGreaterThan(arrows[1]!.strokeWidth);
    expect(arrows[0]!.path).toMatch(/^M[\d.-]+,[\d.-]+ Q[\d.-]+,[\d.-]+ [\d.-]+,[\d.-]+$/);
    // a→b and b→a are two curves, nested, with their labels one above the other
    expect(arrows[0]!.path).not.toBe(arrows[1]!.path);
    expect(arrows.map((r) => r.label)).toEqual(['50%', '10%']);
    expect(Math.abs(arrows[0]!.labelY - arrows[1]!.labelY)).toBeGreaterThanOrEqual(1.25 * 16);
  });

  it('draws every re-routing between the same two centres, each reaching its target, labels inside the box', () => {
    const placed = placeCentres([c('h', 10), c('s', 10), c('w', 10)], 432, 480, 88, 58, 144);
    const [, s, w] = placed;
    // neighbours are at least the asked gap apart, edge to edge
    expect(Math.hypot(s!.x - w!.x, s!.y - w!.y) - s!.r - w!.r).toBeGreaterThanOrEqual(144);
    const arrows = routeArrows(
      [
        { from: 'w', to: 's', share: 0.3, queue: 'voice' },
        { from: 'w', to: 's', share: 0.2, queue: 'chat' },
      ],
      placed,
      { label: (r) => `${r.share * 100}% ${r.queue}`, width: 432, height: 480, unit: 16, fontRem: 1.25 },
    );
    expect(arrows).toHaveLength(2);
    expect(arrows[0]!.path).not.toBe(arrows[1]!.path);
    expect(Math.abs(arrows[0]!.labelY - arrows[1]!.labelY)).toBeGreaterThanOrEqual(1.25 * 16);
    for (const a of arrows) {
      const [ex, ey] = a.path.split(' ').at(-1)!.split(',').map(Number) as [number, number];
      // the head (2.4 stroke widths past the end) stops 0.3 rem short of Shanghai's edge
      expect(Math.hypot(ex - s!.x, ey - s!.y)).toBeCloseTo(s!.r + 16 * 0.3 + a.strokeWidth * 2.4, 0);
      expect(a.labelX).toBeGreaterThan(0);
      expect(a.labelX).toBeLessThan(432);
    }
  });
});

import { tileColumns } from '../src/lib/grid.js';
describe('tileColumns', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 3],
    [4, 4],
    [5, 4],
    [8, 4],
    [9, 6],
    [12, 6],
    [20, 6],
    [50, 9],
  ])('%s centres → %s columns', (n, cols) => expect(tileColumns(n)).toBe(cols));
});
