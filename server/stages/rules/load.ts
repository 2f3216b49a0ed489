/**
 * loadRuleFiles reads and checks a set of rule files together, as the server does on start and
 * on reload (an invalid set should leave the last good rules running) and as `surge rules check` does.
 */
import { mergeListFiles, readListFiles } from '../../platform/yaml/list-file.js';
import { parseRuleFile, type LoadedRules } from './rule-file.js';
import type { Rule } from './rule.js';

/** loadRuleFiles reads every file and reports every problem in any of them. */
export function loadRuleFiles(files: readonly string[]): LoadedRules {
  return mergeRuleFiles(readListFiles(files, parseRuleFile));
}

/** mergeRuleFiles joins parsed files into one rule set; a rule name may appear only once across them. */
export function mergeRuleFiles(files: readonly LoadedRules[]): LoadedRules {
  return mergeListFiles<'rules', Rule>('rule', 'rules', files);
}
