/**
 * The `surge` command: one subcommand per file, loaded on demand so `surge erlang`
 * does not pay for uWS and Redis.
 */
type Command = { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  start: { summary: 'run the server (API, live push, metrics engine; simulator unless SURGE_SIMULATE=off)', load: () => import('./start.js') },
  replay: { summary: 'run a recorded events file through the metrics (and rules) offline', load: () => import('./replay.js') },
  simulate: { summary: 'drive the ingest API with simulated contact-centre traffic', load: () => import('./simulate.js') },
  erlang: { summary: 'Staffing figures: Erlang C, A (abandons) and B (lines)', load: () => import('./erlang.js') },
  'hash-password': { summary: 'hash a password (stdin) for auth.users', load: () => import('./hash-password.js') },
  config: { summary: 'check a config file: every problem with its line (config check [file])', load: () => import('./config.js') },
  rules: { summary: 'check rule and plan files, or run rule tests (rules check|test …)', load: () => import('./rules.js') },
  bridge: { summary: 'forward an ACD’s events to the ingest API (bridge asterisk …)', load: () => import('./bridge.js') },
};

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    const list = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`).join('\n');
    const out = `usage: surge <command> [options]\n\n${list}\n\nsurge <command> --help for its options\n`;
    if (name === undefined || name === '--help' || name === 'help') {
      process.stdout.write(out);
      return 0;
    }
    process.stderr.write(`surge: unknown command "${name}"\n\n${out}`);
    return 2;
  }
  return (await command.load()).run(args);
}

/**
 * quietOnClosedPipe: when the reader of our output goes away (`surge replay --json | head`), stop
 * quietly as other command-line tools do, instead of dying on EPIPE with a stack trace.
 */
let pipesWatched = false;
function quietOnClosedPipe(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.prependListener('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
    });
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-3).join('/'));
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`surge: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
