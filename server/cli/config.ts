/**
 * `surge config check [file]` checks a config file (default SURGE_CONFIG or surge.config.yaml)
 * as boot does — its SMS templates and the environment overrides and `*Env` secrets included —
 * and prints `ok <file>` and each SMS template's length in SMS parts as written, before its
 * placeholders are filled (exit 0), or every problem to stderr, one a line, as
 * `file:line:col: key: message` (exit 1). A usage error exits 2.
 */
import { ConfigError, configFile, loadConfig } from '../config/load.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';
import { describeSegments, smsSegments } from '../stages/deliver/sms/segments.js';

const USAGE = 'surge config check [file]';

/** run is the `surge config` entry point. */
export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('config', args, { help: { type: 'boolean', short: 'h' } }, USAGE);
    if (values.help) {
      process.stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }
    const [command, file, ...extra] = positionals;
    if (command !== 'check') throw new UsageError(`surge config: ${command === undefined ? 'check?' : `unknown subcommand "${command}"`}\nusage: ${USAGE}`);
    if (extra.length > 0) throw new UsageError(`surge config check: one file at a time\nusage: ${USAGE}`);
    const path = file ?? configFile();
    let templates: Record<string, string>;
    try {
      templates = loadConfig(path, process.env).plans.templates;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`${err.problems.join('\n')}\n`);
      return 1;
    }
    process.stdout.write(`ok ${path}\n`);
    for (const [name, text] of Object.entries(templates)) process.stdout.write(`template ${name} (as written): ${describeSegments(smsSegments(text))}\n`);
    return 0;
  });
}
