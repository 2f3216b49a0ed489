/**
 * loadPlanFiles reads and checks a set of plan files together, as the server does on start and
 * on reload (an invalid set should leave the last good plans in force) and as
 * `surge rules check` does.
 */
import type { Config } from '../../config/types.js';
import { mergeListFiles, readListFiles } from '../../platform/yaml/list-file.js';
import { parsePlanFile, type LoadedPlans } from './plan-file.js';
import type { Plan } from './types.js';

/** loadPlanFiles reads every file and reports every problem in any of them. */
export function loadPlanFiles(files: readonly string[], config: Config): LoadedPlans {
  return mergePlanFiles(readListFiles(files, (text, file) => parsePlanFile(text, file, config)));
}

/** mergePlanFiles joins parsed files into one plan set; a plan name may appear only once across them. */
export function mergePlanFiles(files: readonly LoadedPlans[]): LoadedPlans {
  return mergeListFiles<'plans', Plan>('plan', 'plans', files);
}
