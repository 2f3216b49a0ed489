/**
 * `surge rules check <files...>` validates rule files; `surge rules test <files...>` runs rule
 * unit tests (see server/rules/test-file.ts). Exit 0 when all is well, 1 on any invalid file or
 * failed test, 2 on a usage error. Problems go to stderr as `file:line:col: message`, one a line;
 * test results go to stdout.
 */
import { readFileSync } from 'node:fs';
import { loadRuleFiles } from '../rules/load.js';
import { formatTestResult } from '../rules/test-report.js';
import { parseRuleTestFile, type LoadedRuleTests } from '../rules/test-file.js';
import { passed, runRuleTest } from '../rules/test-runner.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';

const USAGE = 'surge rules check <rule files...> | surge rules test <rule test files...>';

/** run is the `surge rules` entry point. */
export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('rules', args, { help: { type: 'boolean', short: 'h' } }, USAGE);
    if (values.help) {
      process.stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }
    const [command, ...files] = positionals;
    if (command !== 'check' && command !== 'test') {
      throw new UsageError(`surge rules: ${command === undefined ? 'check or test?' : `unknown subcommand "${command}"`}\nusage: ${USAGE}`);
    }
    if (files.length === 0) throw new UsageError(`surge rules ${command}: name at least one file\nusage: ${USAGE}`);
    return command === 'check' ? check(files) : test(files);
  });
}

function check(files: string[]): number {
  const loaded = loadRuleFiles(files);
  if (!loaded.ok) return problems(loaded.errors);
  process.stdout.write(`ok: ${loaded.rules.length} rules in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  return 0;
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [`${file}: cannot read: ${(err as Error).message}`] };
  }
  return parseRuleTestFile(text, file);
}

/** problems writes errors to stderr and returns 1, the exit code (or count) of a broken file. */
function problems(errors: readonly string[]): number {
  process.stderr.write(errors.map((e) => `${e}\n`).join(''));
  return 1;
}
