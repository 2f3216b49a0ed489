/**
 * levels: how each level is shown. Colour is never the only cue: every level also has a label,
 * a short tag and a stripe pattern (see `.level-*` in styles.css), denser as the level rises.
 */
import type { Level } from './live/protocol.js';

export interface LevelLook {
  label: string;
  /** The two halves of the label, for a stacked badge: "LEVEL 3" over "RED". */
  rank: string;
  name: string;
  /** Compact form for tables and chips. */
  tag: string;
  colour: string;
  /** Text colour that reads on `colour`. */
  ink: string;
}

export const LEVEL_LOOK: Record<Level, LevelLook> = {
  normal: { label: 'NORMAL', rank: '', name: 'NORMAL', tag: 'OK', colour: '#2f9e5e', ink: '#ffffff' },
  yellow: { label: 'LEVEL 1 · YELLOW', rank: 'LEVEL 1', name: 'YELLOW', tag: 'L1', colour: '#f5c518', ink: '#111111' },
  orange: { label: 'LEVEL 2 · ORANGE', rank: 'LEVEL 2', name: 'ORANGE', tag: 'L2', colour: '#ff7b1c', ink: '#111111' },
  red: { label: 'LEVEL 3 · RED', rank: 'LEVEL 3', name: 'RED', tag: 'L3', colour: '#e0262d', ink: '#ffffff' },
  black: { label: 'LEVEL 4 · BLACK', rank: 'LEVEL 4', name: 'BLACK', tag: 'L4', colour: '#000000', ink: '#ffffff' },
};
