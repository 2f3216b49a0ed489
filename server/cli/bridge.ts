/**
 * `surge bridge asterisk`: the long-running Asterisk AMI bridge. It logs in to AMI,
 * translates queue events to canonical events and forwards them to the ingest API,
 * reconnecting and holding events as needed, until SIGINT/SIGTERM (exit 0) or until
 * Asterisk or the server refuse its credentials (exit 1).
 */
import { ConfigError, loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { startAsteriskBridge, type AsteriskBridgeOptions } from '../stages/ingest/adapters/asterisk/bridge.js';
import { asteriskMapping } from '../stages/ingest/adapters/asterisk/mapping.js';
import { createLogger, type Logger } from '../platform/log/log.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';

const USAGE =
  'surge bridge asterisk --host <ami host> [--port 5038] --username <ami user> --secret <ami secret> --target <surge url> --token <ingest token> [--centre <id>] [--config <file>] [--max-queue <n>]';

const HELP = `usage: ${USAGE}

  --host, --port        the Asterisk Manager Interface (manager.conf), port 5038 by default
  --username, --secret  an AMI user with read = agent (the secret may come from AMI_SECRET instead)
  --target              the Surge server, e.g. http://surge.example.com:8080
  --token               a token with the ingest role (or SURGE_INGEST_TOKEN)
  --centre              the centre of queues not mapped in adapters.asterisk (their names are queue ids)
  --config              a Surge config file whose adapters.asterisk section maps queues and agents
  --max-queue           most events held while the server is unreachable (default 100000)
`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  username: { type: 'string' },
  secret: { type: 'string' },
  target: { type: 'string' },
  token: { type: 'string' },
  centre: { type: 'string' },
  config: { type: 'string' },
  'max-queue': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Env = Record<string, string | undefined>;

/** run is the command's entry point; it returns the exit code. */
export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(HELP);
      return 0;
    }
    let options: AsteriskBridgeOptions;
    try {
      options = parseBridgeArgs(args, process.env, createLogger());
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`surge bridge: ${err.message}\n`);
      return 1;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await runBridge(options, stop.signal);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

/** parseBridgeArgs checks the arguments (UsageError) and the config file (ConfigError). */
export function parseBridgeArgs(args: string[], env: Env, logger: Logger): AsteriskBridgeOptions {
  const { values, positionals } = parseCommandArgs('bridge', args, OPTIONS, USAGE);
  if (positionals[0] !== 'asterisk' || positionals.length > 1) usage(positionals[0] === undefined ? 'name the ACD: asterisk' : `unknown bridge "${positionals.join(' ')}"; there is: asterisk`);
  const required = (name: 'host' | 'username' | 'target', value: string | undefined) => value || usage(`--${name} is required`);
  const secret = values.secret ?? env.AMI_SECRET ?? usage('--secret (or AMI_SECRET) is required');
  const token = values.token ?? env.SURGE_INGEST_TOKEN ?? usage('--token (or SURGE_INGEST_TOKEN) is required');
  const port = wholeNumber('port', values.port ?? '5038', 1, 65535);
  const target = required('target', values.target);
  if (!/^https?:\/\/\S+$/.test(target)) usage(`--target must be an http(s) URL, not "${target}"`);

  const config: Config | undefined = values.config === undefined ? undefined : loadConfig(values.config);
  if (values.centre !== undefined && config && !config.centres.some((c) => c.id === values.centre)) usage(`--centre "${values.centre}" is not a centre of ${values.config}`);
  const mapping = asteriskMapping(config, values.centre);
  if (!mapping.centre && mapping.queues.size === 0) usage('give --centre, or --config with an adapters.asterisk section mapping the queues');

  return {
    ami: { host: required('host', values.host), port, username: required('username', values.username), secret },
    target: target.replace(/\/+$/, ''),
    token,
    mapping,
    logger: logger.child({ module: 'bridge-asterisk' }),
    maxQueued: wholeNumber('max-queue', values['max-queue'] ?? '100000', 1, 10_000_000),
  };
}

/** runBridge runs until `stop` aborts (0) or the bridge cannot go on (1). */
export async function runBridge(options: AsteriskBridgeOptions, stop: AbortSignal): Promise<number> {
  const bridge = startAsteriskBridge(options);
  const stopped = new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  const outcome = await Promise.race([stopped.then(() => undefined), bridge.failed]);
  await bridge.stop();
  if (outcome) {
    process.stderr.write(`surge bridge: ${outcome.message}\n`);
    return 1;
  }
  return 0;
}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) usage(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}

function usage(message: string): never {
  throw new UsageError(`surge bridge: ${message}\nusage: ${USAGE}`);
}
