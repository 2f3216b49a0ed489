/**
 * backoff: the wait before reconnect attempt `attempt` (1 = the first retry): 1 s, 2 s, 4 s, 8 s,
 * then 10 s for ever. `random` (0..1) spreads it by ±20 % so a hall of screens does not reconnect
 * in lockstep after a server restart.
 */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 10_000;

export function backoffDelay(attempt: number, random = 0.5): number {
  const n = Math.max(1, Math.floor(attempt));
  const plain = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 20));
  const spread = 1 + (Math.min(Math.max(random, 0), 1) - 0.5) * 0.4;
  return Math.round(Math.min(BACKOFF_MAX_MS, plain * spread));
}
