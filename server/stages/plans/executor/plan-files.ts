/** loadPlans reads every plan file of `plans.dir` at start-up; any error stops the boot, listed as file:line:col. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../../config/types.js';
import { loadPlanFiles, type Plan } from '../index.js';

export class PlanFileError extends Error {}

export function loadPlans(config: Config): Plan[] {
  let files: string[];
  try {
    files = readdirSync(config.plans.dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(config.plans.dir, f));
  } catch (err) {
    throw new PlanFileError(`plans.dir ${config.plans.dir}: ${(err as Error).message}`);
  }
  const loaded = loadPlanFiles(files, config);
  if (!loaded.ok) throw new PlanFileError(`invalid plan files:\n  ${loaded.errors.join('\n  ')}`);
  return loaded.plans;
}
