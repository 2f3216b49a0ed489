/**
 * apportion splits `units` whole units by weight, largest remainders first, so the parts add up to
 * exactly `units` (equal weights when they are all zero). Used for re-route shares (in 0.1 % steps)
 * and for spreading activated seats over a centre's queues in the plan preview.
 */
export function apportion(units: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (total > 0 ? (units * w) / total : units / weights.length));
  const parts = exact.map(Math.floor);
  let left = units - parts.reduce((sum, p) => sum + p, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}
