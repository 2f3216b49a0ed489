/**
 * RulesState is everything the evaluator carries from one step to the next, as plain JSON so it
 * can be stored in Redis and survive a restart: per rule name and scope, the pair's level and timers.
 * Pairs at normal with no timer running are left out, so the state stays small.
 */
import { highestLevel, type AlertLevel, type Level } from './levels.js';

/** PairState is one (rule, scope) pair. Times are epoch ms. */
export interface PairState {
  level: Level;
  /** When the pair entered its level; null if it has never left normal. */
  levelSince: number | null;
  /** Per level of the rule: since when its condition has been true without a break; absent while it is false. */
  trueSince: Partial<Record<AlertLevel, number>>;
  /** Since when every condition at or above the current level has been false; null while one holds, and at normal. */
  clearingSince: number | null;
}

/** RulesState holds the pairs by rule name, then scope id. */
export interface RulesState {
  pairs: Record<string, Record<string, PairState>>;
}

/** emptyRulesState is the state before the first evaluation: every scope at normal. */
export function emptyRulesState(): RulesState {
  return { pairs: {} };
}

/** scopeLevels is each scope's level, the highest over the rules that watch it (scopes at normal are left out). */
export function scopeLevels(state: RulesState): Record<string, Level> {
  const byScope = new Map<string, Level[]>();
  for (const pairs of Object.values(state.pairs)) {
    for (const [scope, pair] of Object.entries(pairs)) byScope.set(scope, [...(byScope.get(scope) ?? []), pair.level]);
  }
  const levels: Record<string, Level> = {};
  for (const [scope, list] of byScope) {
    const level = highestLevel(list);
    if (level !== 'normal') levels[scope] = level;
  }
  return levels;
}
