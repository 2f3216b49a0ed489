/**
 * `surge rules check <files...>` validates rule files and contingency plan files (a file whose
 * top-level key is `plans:`; plans are checked against the config, `--config` or SURGE_CONFIG or
 * surge.config.yaml); `surge rules test <files...>` runs rule unit tests (see
 * server/stages/rules/test-file.ts). Exit 0 when all is well, 1 on any invalid file or failed test, 2 on
 * a usage error. Problems go to stderr as `file:line:col: message`, one a line, and warnings as
 * `file:line:col: warning: message` (they do not change the exit code); test results go to stdout.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, configFile, loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { mergePlanFiles, parsePlanFile, type LoadedPlans } from '../stages/plans/index.js';
import { loadRuleFiles, mergeRuleFiles } from '../stages/rules/load.js';
import { parseRuleFile } from '../stages/rules/rule-file.js';
import { formatTestResult } from '../stages/rules/test-report.js';
import { parseRuleTestFile, type LoadedRuleTests } from '../stages/rules/test-file.js';
import { passed, runRuleTest } from '../stages/rules/test-runner.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';

const USAGE = 'surge rules check [--config <file>] <rule or plan files...> | surge rules test <rule test files...>';

/** run is the `surge rules` entry point. */
export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const options = { help: { type: 'boolean', short: 'h' }, config: { type: 'string' } } as const;
    const { values, positionals } = parseCommandArgs('rules', args, options, USAGE);
    if (values.help) {
      process.stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }
    const [command, ...files] = positionals;
    if (command !== 'check' && command !== 'test') {
      throw new UsageError(`surge rules: ${command === undefined ? 'check or test?' : `unknown subcommand "${command}"`}\nusage: ${USAGE}`);
    }
    if (files.length === 0) throw new UsageError(`surge rules ${command}: name at least one file\nusage: ${USAGE}`);
    return command === 'check' ? check(files, values.config ?? configFile()) : test(files);
  });
}

/** check validates every file, as a plan file when its top-level key is `plans:`, else as a rule file. */
function check(files: string[], configPath: string): number {
  const sources = files.map(readSource);
  const readable = sources.flatMap((s) => ('text' in s ? [s] : []));
  const planSources = readable.filter((s) => PLAN_FILE.test(s.text));
  const ruleSources = readable.filter((s) => !PLAN_FILE.test(s.text));
  const rules = mergeRuleFiles(ruleSources.map((s) => parseRuleFile(s.text, s.file)));
  const plans = planSources.length > 0 ? checkPlans(planSources, configPath) : null;
  const errors = [...sources.flatMap((s) => ('error' in s ? [s.error] : [])), ...(rules.ok ? [] : rules.errors), ...(plans && !plans.ok ? plans.errors : [])];
  // Warnings (a level that fires before a lower one) are said but do not fail the check.
  process.stderr.write([...(rules.warnings ?? []), ...(plans?.warnings ?? [])].map((w) => `${w}\n`).join(''));
  if (errors.length > 0 || !rules.ok || (plans && !plans.ok)) return problems(errors);
  const counts: string[] = [];
  if (ruleSources.length > 0 || !plans) counts.push(`${rules.rules.length} rules`);
  if (plans) counts.push(`${plans.plans.length} plans`);
  process.stdout.write(`ok: ${counts.join(' and ')} in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  return 0;
}

// A plan file starts its YAML with `plans:` where a rule file has `rules:`.
const PLAN_FILE = /^plans\s*:/m;

/** checkPlans parses plan files against the config (their groups, templates, centres and queues). */
function checkPlans(sources: { file: string; text: string }[], configPath: string): LoadedPlans {
  let config: Config;
  try {
    config = loadConfig(configPath);
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, errors: err.problems };
    throw err;
  }
  return mergePlanFiles(sources.map((s) => parsePlanFile(s.text, s.file, config)));
}

function test(files: string[]): number {
  let [passes, failures, broken] = [0, 0, 0];
  for (const file of files) {
    const parsed = readTestFile(file);
    if (!parsed.ok) {
      broken += problems(parsed.errors);
      continue;
    }
    const rules = loadRuleFiles(parsed.suite.ruleFiles);
    if (!rules.ok) {
      broken += problems(rules.errors);
      continue;
    }
    process.stdout.write(`${file}\n`);
    for (const t of parsed.suite.tests) {
      const result = runRuleTest(t, rules.rules);
      process.stdout.write(formatTestResult(result));
      if (passed(result)) passes++;
      else failures++;
    }
  }
  const unreadable = broken > 0 ? `, ${broken} file${broken === 1 ? '' : 's'} with errors` : '';
  process.stdout.write(`${passes} passed, ${failures} failed${unreadable}\n`);
  return failures + broken > 0 ? 1 : 0;
}

function readTestFile(file: string): LoadedRuleTests {
  const source = readSource(file);
  return 'error' in source ? { ok: false, errors: [source.error] } : parseRuleTestFile(source.text, file);
}

function readSource(file: string): { file: string; text: string } | { file: string; error: string } {
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (err) {
    return { file, error: `${file}: cannot read: ${(err as Error).message}` };
  }
}

/** problems writes errors to stderr and returns 1, the exit code (or count) of a broken file. */
function problems(errors: readonly string[]): number {
  process.stderr.write(errors.map((e) => `${e}\n`).join(''));
  return 1;
}
