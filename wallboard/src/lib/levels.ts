/**
 * levels: how each level is shown. Colour is never the only cue: every level also has a label,
 * a short tag and a stripe pattern (see `.level-*` in styles.css), denser as the level rises.
 */
import { LEVELS, type Level } from './live/protocol.js';
import { t } from '../i18n/index.js';

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

const COLOURS: Record<Level, { colour: string; ink: string }> = {
  normal: { colour: '#2f9e5e', ink: '#ffffff' },
  yellow: { colour: '#f5c518', ink: '#111111' },
  orange: { colour: '#ff7b1c', ink: '#111111' },
  red: { colour: '#e0262d', ink: '#ffffff' },
  black: { colour: '#000000', ink: '#ffffff' },
};

/** LEVEL_LOOK: colours fixed, words from the screen's catalogue (read when shown, so the locale applies). */
export const LEVEL_LOOK = Object.fromEntries(
  LEVELS.map((level): [Level, LevelLook] => [
    level,
    {
      ...COLOURS[level],
      get label() {
        return t.level[level].label;
      },
      get rank() {
        return t.level[level].rank;
      },
      get name() {
        return t.level[level].name;
      },
      get tag() {
        return t.level[level].tag;
      },
    },
  ]),
) as Record<Level, LevelLook>;
