/** Number formats shared by SMS texts and the reasons shown on the control screen. */

/** signedNumber writes a staffing gap the way dispatchers read it: +3 short, -2 spare, 0. */
export function signedNumber(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** percentOf writes a fraction as a percentage: 0.625 → 63%, or 62.5% with one decimal. */
export function percentOf(fraction: number, decimals = 0): string {
  const scale = 10 ** decimals;
  return `${Math.round(fraction * 100 * scale) / scale}%`;
}
