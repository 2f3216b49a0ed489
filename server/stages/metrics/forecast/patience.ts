/**
 * estimatePatience: the callers' mean patience before hanging up, for Erlang A.
 *
 * Patience is taken as exponential with rate θ. A caller who abandoned after waiting w showed a
 * patience of w; one answered after w showed a patience of more than w (censored). The maximum
 * likelihood estimate is then θ̂ = abandons ÷ total wait of everybody whose wait is known, i.e.
 *
 *   mean patience = (Σ waits of answered and abandoned) ÷ abandons     (= E[W] ÷ P(abandon))
 *
 * With few abandons that ratio is wild (and infinite with none), so one pseudo-abandon after
 * PRIOR_PATIENCE_SEC is added to both sides: a quiet morning reads as about two minutes of
 * patience, and a day's real abandons soon outweigh it. Today's contacts are used (the profile's
 * 15-minute slots), since patience is the callers' and changes slowly.
 */
import { sum, type QueueToday } from './profile.js';

export const PRIOR_PATIENCE_SEC = 120;

export function estimatePatience(today: QueueToday | undefined): number {
  const waits = today ? sum(today.waitSec) : 0;
  const abandons = today ? sum(today.abandoned) : 0;
  return (waits + PRIOR_PATIENCE_SEC) / (abandons + 1);
}
