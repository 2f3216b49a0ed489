/**
 * The rules core (DESIGN.md "Levels and rules"), for the server, the incident store and replay:
 *
 *   rule files ─► loadRuleFiles ─► Rule[] ─┐
 *   metrics by scope, previous state, now ─┴─► evaluateRules ─► { state, transitions }
 *
 * Everything here but loadRuleFiles is pure; the state is plain JSON.
 */
export { loadRuleFiles, mergeRuleFiles } from './load.js';
export { parseRuleFile, type LoadedRules } from './rule-file.js';
export { DEFAULT_CLEAR_SEC, ruleWatches, type LevelSpec, type Rule } from './rule.js';
export { evaluateRules, type RulesStep, type Transition } from './evaluator.js';
export { emptyRulesState, scopeLevels, type PairState, type RulesState } from './state.js';
export { ALERT_LEVELS, DEFAULT_INCIDENT_TYPE, INCIDENT_TYPES, LEVELS, highestLevel, levelRank, type AlertLevel, type IncidentType, type Level } from './levels.js';
export { compileCondition, type Condition } from './condition.js';
export { holds, readValues, type MetricValues } from './evaluate.js';
export { METRICS, type MetricDef } from './metric-names.js';
export { formatValues } from './test-report.js';
