/**
 * stepPair moves one (rule, scope) pair forward to `now`, given the figures its conditions read.
 *
 * Rise: the pair goes to the highest level whose condition has held for its `for` — straight from
 * normal to black if black's has.
 * Fall: once every condition at or above the current level has been false for the rule's `clear`,
 * the pair drops to the highest level whose condition still holds and has held for its `for`, or to
 * normal — possibly several levels at once (not one step at a time). Any moment of truth at or above
 * the current level restarts the clear timer, so a metric hovering at a threshold never flaps.
 */
import { holds, type MetricValues } from './evaluate.js';
import { ALERT_LEVELS, levelRank, type Level } from './levels.js';
import type { Rule } from './rule.js';
import type { PairState } from './state.js';

/** LevelChange is a pair's move at one step: why, and the condition that rose or cleared. */
export interface LevelChange {
  from: Level;
  to: Level;
  cause: 'rise' | 'clear';
  /** The `when` of the level risen to, or of the level that cleared (null if the rule no longer has it). */
  condition: string | null;
}

/** QUIET is the state of a pair that has never been seen: normal, no timers. */
const QUIET: PairState = { level: 'normal', levelSince: null, trueSince: {}, clearingSince: null };

/** stepPair is pure: it returns the new pair state and the change, if any; the previous state is left untouched. */
export function stepPair(rule: Rule, previous: PairState | undefined, values: MetricValues, now: number): { pair: PairState; change: LevelChange | null } {
  const prev = previous ?? QUIET;
  const trueSince: PairState['trueSince'] = {};
  let held: Level = 'normal';
  for (const level of ALERT_LEVELS) {
    const spec = rule.levels[level];
    if (!spec || !holds(spec.when, values)) continue;
    const since = prev.trueSince[level] ?? now;
    trueSince[level] = since;
    if (now - since >= spec.forSec * 1000) held = level;
  }

  if (levelRank(held) > levelRank(prev.level)) {
    const change: LevelChange = { from: prev.level, to: held, cause: 'rise', condition: conditionOf(rule, held) };
    return { pair: { level: held, levelSince: now, trueSince, clearingSince: null }, change };
  }
  if (prev.level === 'normal') return { pair: { ...prev, trueSince }, change: null };

  const stillTrue = ALERT_LEVELS.some((l) => levelRank(l) >= levelRank(prev.level) && trueSince[l] !== undefined);
  const clearingSince = stillTrue ? null : (prev.clearingSince ?? now);
  if (clearingSince === null || now - clearingSince < rule.clearSec * 1000) {
    return { pair: { ...prev, trueSince, clearingSince }, change: null };
  }
  // Every condition from here up has been false for `clear`, so `held` is below the current level.
  const change: LevelChange = { from: prev.level, to: held, cause: 'clear', condition: conditionOf(rule, prev.level) };
  return { pair: { level: held, levelSince: now, trueSince, clearingSince: null }, change };
}

/** isQuiet says whether a pair carries nothing worth keeping: normal with no condition true. */
export function isQuiet(pair: PairState): boolean {
  return pair.level === 'normal' && Object.keys(pair.trueSince).length === 0;
}

function conditionOf(rule: Rule, level: Level): string | null {
  return level === 'normal' ? null : (rule.levels[level]?.when.source ?? null);
}
