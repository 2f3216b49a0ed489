/**
 * Erlang B: the share of contacts turned away when `lines` ports (IVR ports, trunks) carry
 * `trafficErlangs` and there is no queue — blocked contacts are lost.
 *
 *   B(0) = 1,  B(n) = A·B(n−1) / (n + A·B(n−1))
 *
 * Built up one line at a time instead of from A^N/N!, which overflows a double past about 170
 * lines; every step stays in [0, 1]. Once B underflows to 0 it stays 0, so a huge N costs no
 * more than the N where that happens.
 */

/** erlangB is the blocking probability of `lines` lines offered `trafficErlangs`. */
export function erlangB(trafficErlangs: number, lines: number): number {
  if (!(trafficErlangs >= 0) || !Number.isFinite(trafficErlangs)) throw new RangeError('trafficErlangs must be a finite number ≥ 0');
  if (!Number.isInteger(lines) || lines < 0) throw new RangeError('lines must be a whole number ≥ 0');
  if (trafficErlangs === 0) return lines === 0 ? 1 : 0;
  let b = 1;
  for (let n = 1; n <= lines && b > 0; n++) b = (trafficErlangs * b) / (n + trafficErlangs * b);
  return b;
}
