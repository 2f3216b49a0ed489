/**
 * grid: how many columns of centre tiles the wall uses. Up to four centres sit side by side at
 * full detail; more are packed into a grid about as wide as the screen is, and each tile then
 * drops its lesser sections (container queries in CentreTile) rather than shrinking its text.
 */
export function tileColumns(count: number): number {
  if (count <= 4) return Math.max(1, count);
  if (count <= 8) return 4;
  if (count <= 12) return 6;
  return Math.ceil(Math.sqrt(count * 1.6));
}

/** More centres than this and the wall shows compact tiles (key figures only). */
export const COMPACT_ABOVE = 8;
