/**
 * scales: the d3 scale maths of the charts, kept out of the components so it can be tested.
 */
import { extent, max } from 'd3-array';
import { scaleLinear, scaleTime, type ScaleLinear } from 'd3-scale';

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A moment marked on a time chart; `colour` is any CSS colour, variables included. */
export interface Marker {
  t: number;
  label: string;
  colour: string;
}

/** timeDomain: the last `windowMs` up to `end`, but no wider than the data (at least `minMs`). */
export function timeDomain(times: readonly number[], end: number, windowMs: number, minMs: number): [number, number] {
  const [first] = extent(times);
  const start = Math.max(end - windowMs, Math.min(first ?? end, end - minMs));
  return [start, end];
}

/** valueDomain: 0 up to the largest value (at least `floor`), or `fixed` when given. */
export function valueDomain(values: readonly (number | null)[], floor: number, fixed?: [number, number]): [number, number] {
  if (fixed) return fixed;
  const top = max(values, (v) => (v === null ? undefined : v)) ?? 0;
  return [0, Math.max(floor, top)];
}

export function linearScale(domain: [number, number], range: [number, number], nice = false): ScaleLinear<number, number> {
  const s = scaleLinear().domain(domain).range(range);
  return nice ? s.nice(4) : s;
}

/** timeTicks: about `count` round clock times (every 5, 10, 15 min…) within a time domain in epoch ms. */
export function timeTicks(domain: [number, number], count: number): number[] {
  return scaleTime()
    .domain(domain.map((ms) => new Date(ms)))
    .ticks(count)
    .map((d) => d.getTime());
}
