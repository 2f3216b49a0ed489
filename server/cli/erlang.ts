/**
 * `surge erlang`: Erlang C staffing figures for one interval of traffic, for planners and
 * for checking what the wallboard's `requiredAgents` says.
 */
import { DEFAULT_MAX_AGENTS, erlangFigures, requiredAgents, type ErlangFigures } from '../stages/metrics/erlang.js';
import { parseQuantity } from '../stages/rules/quantity.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';

const USAGE =
  'surge erlang --calls <n> --interval <sec> --aht <sec> --target <fraction|percent> --answer-within <sec> [--agents <n>] [--json]';

const HELP = `usage: ${USAGE}

  --calls <n>            contacts offered in the interval
  --interval <sec>       length of the interval in seconds (1800 = half an hour)
  --aht <sec>            average handle time in seconds, talk + after-call work
  --target <fraction>    service-level target, e.g. 0.8 or 80% (written as in rule files)
  --answer-within <sec>  service-level threshold, e.g. 20
  --agents <n>           show the figures for this many agents instead of the required number
  --json                 print one JSON object
`;

const OPTIONS = {
  calls: { type: 'string' },
  interval: { type: 'string' },
  aht: { type: 'string' },
  target: { type: 'string' },
  'answer-within': { type: 'string' },
  agents: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The JSON `surge erlang --json` prints; asaSec is null when the queue never drains. */
export interface ErlangReport extends Omit<ErlangFigures, 'asaSec'> {
  requiredAgents: number;
  target: number;
  thresholdSec: number;
  asaSec: number | null;
}

/** run is the command's entry point; it returns the exit code. */
export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('erlang', args, OPTIONS, USAGE);
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 0) usage(`unexpected argument "${positionals[0]}"`);
    const calls = numberOption('calls', values.calls, { min: 0 });
    const interval = numberOption('interval', values.interval, { min: 0, exclusive: true });
    const ahtSec = numberOption('aht', values.aht, { min: 0, exclusive: true });
    // 80% reads as 0.8, as in rule and plan files.
    const target = numberOption('target', percentAsFraction(values.target), { min: 0, max: 1, exclusive: true }, values.target);
    const thresholdSec = numberOption('answer-within', values['answer-within'], { min: 0 });
    const agents = values.agents === undefined ? undefined : numberOption('agents', values.agents, { min: 0, max: DEFAULT_MAX_AGENTS, integer: true });

    const arrivalPerSec = calls / interval;
    const required = requiredAgents({ arrivalPerSec, ahtSec, target, thresholdSec });
    if (erlangFigures({ arrivalPerSec, ahtSec, thresholdSec, agents: required }).serviceLevel < target) {
      usage(`the goal needs more than ${DEFAULT_MAX_AGENTS} agents; check --calls, --interval and --aht`);
    }
    const figures = erlangFigures({ arrivalPerSec, ahtSec, thresholdSec, agents: agents ?? required });
    const report: ErlangReport = {
      ...figures,
      requiredAgents: required,
      target,
      thresholdSec,
      asaSec: Number.isFinite(figures.asaSec) ? figures.asaSec : null,
    };
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describe(report, calls, interval, ahtSec));
    return 0;
  });
}

function describe(r: ErlangReport, calls: number, interval: number, ahtSec: number): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const rows: [string, string][] = [
    ['traffic', `${r.trafficErlangs.toFixed(2)} Erlangs (${calls} contacts in ${interval} s, AHT ${ahtSec} s)`],
    ['required agents', `${r.requiredAgents} for ${pct(r.target)} answered within ${r.thresholdSec} s`],
    ['figures for', `${r.agents} agents${r.agents === r.requiredAgents ? '' : ' (--agents)'}`],
    ['probability of waiting', pct(r.probWait)],
    ['service level', `${pct(r.serviceLevel)} within ${r.thresholdSec} s`],
    ['ASA', r.asaSec === null ? 'unbounded (agents ≤ traffic: the queue never drains)' : `${r.asaSec.toFixed(1)} s`],
    ['occupancy', pct(r.occupancy)],
  ];
  return rows.map(([label, value]) => `${label.padEnd(24)}${value}\n`).join('');
}

interface Bounds {
  min: number;
  max?: number;
  /** The bounds themselves are not allowed (an interval of 0 s divides by zero). */
  exclusive?: boolean;
  integer?: boolean;
}

/** percentAsFraction turns `80%` into `0.8`; anything else is passed on unchanged. */
function percentAsFraction(raw: string | undefined): string | undefined {
  const quantity = raw === undefined ? null : parseQuantity(raw.trim());
  return quantity?.unit === 'percent' ? String(quantity.value) : raw;
}

function numberOption(name: string, raw: string | undefined, bounds: Bounds, shown = raw): number {
  if (raw === undefined) usage(`--${name} is required`);
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const { min, max, exclusive, integer } = bounds;
  const below = exclusive ? value <= min : value < min;
  const above = max !== undefined && (exclusive ? value >= max : value > max);
  if (!Number.isFinite(value) || below || above || (integer && !Number.isInteger(value))) {
    const range = max === undefined ? `${exclusive ? '>' : '≥'} ${min}` : `between ${min} and ${max}${exclusive ? ' (exclusive)' : ''}`;
    usage(`--${name} must be ${integer ? 'a whole number' : 'a number'} ${range}, not "${shown}"`);
  }
  return value;
}

function usage(message: string): never {
  throw new UsageError(`surge erlang: ${message}\nusage: ${USAGE}`);
}
