/** The flow view's context: the placed centres and arrows its container computed, for its layers. */
import { createContext } from 'svelte';
import type { PlacedCentre, PlacedRoute } from './layout.js';

export interface FlowContext {
  readonly centres: readonly PlacedCentre[];
  readonly routes: readonly PlacedRoute[];
  readonly width: number;
  readonly height: number;
  /** One rem in pixels, for strokes and text. */
  readonly unit: number;
  /** What fits beside the nodes: name and figures, the name only, or nothing (a tooltip). */
  readonly labels: 'full' | 'name' | 'none';
}

export const [getFlow, setFlow] = createContext<FlowContext>();
