/**
 * Alert levels and incident types (DESIGN.md "Levels and rules"): the ordered scale a scope
 * moves along, and the kinds of emergency an incident can be.
 */

/** LEVELS in rising order: normal, then the plan levels 1–4. */
export const LEVELS = ['normal', 'yellow', 'orange', 'red', 'black'] as const;
/** Level is where a (rule, scope) pair or a scope stands; `normal` means no incident. */
export type Level = (typeof LEVELS)[number];

/** ALERT_LEVELS are the levels a rule can raise, in rising order. */
export const ALERT_LEVELS = ['yellow', 'orange', 'red', 'black'] as const;
/** AlertLevel is every level but normal. */
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** levelRank orders levels: normal 0, yellow 1 … black 4 (the contingency plan level). */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** highestLevel is the most severe of some levels (normal for none): a scope stands at the max over its rules. */
export function highestLevel(levels: Iterable<Level>): Level {
  let top: Level = 'normal';
  for (const level of levels) if (levelRank(level) > levelRank(top)) top = level;
  return top;
}

/** INCIDENT_TYPES are the kinds of emergency an incident (and the rule that opens it) can be. */
export const INCIDENT_TYPES = ['traffic_surge', 'fire', 'epidemic', 'severe_weather', 'pr_crisis', 'equipment_failure'] as const;
/** IncidentType is one of INCIDENT_TYPES. */
export type IncidentType = (typeof INCIDENT_TYPES)[number];
/** DEFAULT_INCIDENT_TYPE is what a rule opens when it names no `type`. */
export const DEFAULT_INCIDENT_TYPE: IncidentType = 'traffic_surge';
