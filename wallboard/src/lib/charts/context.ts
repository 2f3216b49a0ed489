/**
 * The chart context: what a chart container shares with its layers. The container computes the
 * d3 scales; each layer reads them here and draws one thing.
 */
import { createContext } from 'svelte';
import type { ScaleLinear } from 'd3-scale';

export interface ChartContext<T = unknown> {
  readonly data: readonly T[];
  readonly x: (d: T) => number;
  readonly y: (d: T) => number | null;
  readonly xScale: ScaleLinear<number, number>;
  readonly yScale: ScaleLinear<number, number>;
  readonly width: number;
  readonly height: number;
}

export const [getChart, setChart] = createContext<ChartContext<any>>();
