/**
 * loadRuleFiles reads and checks a set of rule files together, as the server does on start and
 * on reload (an invalid set should leave the last good rules running) and as `surge rules check` does.
 */
import { readFileSync } from 'node:fs';
import { parseRuleFile, type LoadedRules } from './rule-file.js';
import type { Rule } from './rule.js';

/** loadRuleFiles reads every file and reports every problem in any of them. */
export function loadRuleFiles(files: readonly string[]): LoadedRules {
  return mergeRuleFiles(
    files.map((file): LoadedRules => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        return { ok: false, errors: [`${file}: cannot read: ${(err as Error).message}`] };
      }
      return parseRuleFile(text, file);
    }),
  );
}

/** mergeRuleFiles joins parsed files into one rule set; a rule name may appear only once across them. */
export function mergeRuleFiles(files: readonly LoadedRules[]): LoadedRules {
  const errors = files.flatMap((f) => (f.ok ? [] : f.errors));
  const rules = files.flatMap((f) => (f.ok ? f.rules : []));
  const first = new Map<string, Rule>();
  for (const rule of rules) {
    const earlier = first.get(rule.name);
    if (earlier) errors.push(`${rule.origin}: rule name "${rule.name}" is already used at ${earlier.origin}`);
    else first.set(rule.name, rule);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}
