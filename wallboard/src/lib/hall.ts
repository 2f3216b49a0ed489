/**
 * hall: the smallest text the wall may show, for a hall 5–10 m from the screen. Sizes are in rem,
 * and the wall's rem follows the viewport (16 px at 1920×1080, 32 px at 3840×2160), so they scale
 * with it. main.ts puts them on the page as `--hall-text` and `--hall-label`; the browser test
 * (server/test/browser/hall-layout.test.ts) checks every piece of wall text against them.
 */

/** Any text on the wall: 1.25 rem = 20 px at 1080p, 40 px at 4K. */
export const HALL_TEXT_MIN_REM = 1.25;

/** Labels that say which big number is which (figure labels, table headers, trend titles, the level legend): 1.4 rem = 22.4 px at 1080p. */
export const HALL_LABEL_MIN_REM = 1.4;

/** The elements that are such labels. */
export const HALL_LABELS = '.figure .label, th, .trend .head *, .legend *';

/**
 * The control screen is read at a desk, not across a hall: no text under 0.8 rem (its rem is 15 px up to
 * 1920 px wide and grows with the width: 12 px at 1080p, 24 px at 4K). Chinese needs it: at 11 px
 * the strokes of 缺 or 确 run together.
 */
export const CONTROL_TEXT_MIN_REM = 0.8;

/** hallSizes puts the minimums on the root element as CSS variables. */
export function hallSizes(root: HTMLElement): void {
  root.style.setProperty('--hall-text', `${HALL_TEXT_MIN_REM}rem`);
  root.style.setProperty('--hall-label', `${HALL_LABEL_MIN_REM}rem`);
}
