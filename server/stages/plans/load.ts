/**
 * loadPlanFiles reads and checks a set of plan files together, as the server does on start and
 * on reload (an invalid set should leave the last good plans in force) and as
 * `surge rules check` does.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../../config/types.js';
import { parsePlanFile, type LoadedPlans } from './plan-file.js';
import type { Plan } from './types.js';

/** loadPlanFiles reads every file and reports every problem in any of them. */
export function loadPlanFiles(files: readonly string[], config: Config): LoadedPlans {
  return mergePlanFiles(
    files.map((file): LoadedPlans => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        return { ok: false, errors: [`${file}: cannot read: ${(err as Error).message}`] };
      }
      return parsePlanFile(text, file, config);
    }),
  );
}

/** mergePlanFiles joins parsed files into one plan set; a plan name may appear only once across them. */
export function mergePlanFiles(files: readonly LoadedPlans[]): LoadedPlans {
  const errors = files.flatMap((f) => (f.ok ? [] : f.errors));
  const plans = files.flatMap((f) => (f.ok ? f.plans : []));
  const first = new Map<string, Plan>();
  for (const plan of plans) {
    const earlier = first.get(plan.name);
    if (earlier) errors.push(`${plan.origin}: plan name "${plan.name}" is already used at ${earlier.origin}`);
    else first.set(plan.name, plan);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plans };
}
