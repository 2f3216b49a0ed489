/**
 * `surge erlang`: staffing figures for one interval of traffic, for planners and for checking
 * what the wallboard's `requiredAgents` says. Erlang C by default, Erlang A with `--patience`,
 * Erlang B (lines, no queue) with `--erlang-b`. The maths is metrics/staffing; this file reads
 * flags and prints.
 */
import { agentsWithShrinkage, DEFAULT_MAX_AGENTS, erlangB, meetsGoal, requiredAgents, staffingFigures, type StaffingFigures } from '../stages/metrics/staffing/index.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';
import { describeBlocking, describeStaffing } from './erlang-text.js';

const USAGE =
  'surge erlang (--calls <n> --interval <sec> | --erlangs <A>) --aht <sec> (--target <fraction> | --target-asa <sec> | --max-abandon <f>) --answer-within <sec> [--max-occupancy <f>] [--shrinkage <f>] [--patience <sec>] [--agents <n>] [--json]\n' +
  '       surge erlang --erlang-b --lines <n> (--erlangs <A> | --calls <n> --interval <sec> --aht <sec>) [--json]';

/** The longest patience accepted: a day. Beyond it Erlang A is Erlang C to every printed digit. */
const MAX_PATIENCE_SEC = 86_400;

const HELP = `usage: ${USAGE}

  --calls <n>             contacts offered in the interval
  --interval <sec>        length of the interval in seconds (1800 = half an hour)
  --erlangs <A>           the traffic in Erlangs instead of --calls and --interval
  --aht <sec>             average handle time in seconds, talk + after-call work
  --target <fraction>     service-level target, e.g. 0.8 or 80%
  --answer-within <sec>   service-level threshold, e.g. 20
  --target-asa <sec>      also (or instead) staff for this average speed of answer
  --max-occupancy <f>     also staff so that occupancy stays at or below this, e.g. 0.85 or 85%
  --max-abandon <f>       also (or instead) staff so that at most this share hangs up, e.g. 5% (needs --patience)
  --shrinkage <f>         share of paid time off the phones (breaks, training), e.g. 0.3 or 30%:
                          prints agentsWithShrinkage = ceil(requiredAgents / (1 - shrinkage))
  --patience <sec>        callers' mean patience: Erlang A, with abandonProbability (at most ${MAX_PATIENCE_SEC} s)
  --agents <n>            show the figures for this many agents instead of the required number
  --erlang-b              blocking on --lines lines with no queue (IVR ports, trunks)
  --lines <n>             lines for --erlang-b
  --json                  print one JSON object
`;

const OPTIONS = {
  calls: { type: 'string' },
  interval: { type: 'string' },
  erlangs: { type: 'string' },
  aht: { type: 'string' },
  target: { type: 'string' },
  'answer-within': { type: 'string' },
  'target-asa': { type: 'string' },
  'max-occupancy': { type: 'string' },
  'max-abandon': { type: 'string' },
  shrinkage: { type: 'string' },
  patience: { type: 'string' },
  agents: { type: 'string' },
  'erlang-b': { type: 'boolean' },
  lines: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** The JSON `surge erlang --json` prints; times are null when the queue never drains. Optional fields appear with their flag. */
export interface ErlangReport extends Omit<StaffingFigures, 'asaSec' | 'meanWaitOfDelayedSec' | 'abandonProbability'> {
  requiredAgents: number;
  target: number | null;
  thresholdSec: number;
  asaSec: number | null;
  meanWaitOfDelayedSec: number | null;
  targetAsaSec?: number;
  maxOccupancy?: number;
  maxAbandon?: number;
  shrinkage?: number;
  agentsWithShrinkage?: number;
  patienceSec?: number;
  abandonProbability?: number;
}

/** What `surge erlang --erlang-b --json` prints. */
export interface BlockingReport {
  trafficErlangs: number;
  lines: number;
  blockingProbability: number;
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
    if (values['erlang-b']) {
      const report = blocking(values);
      process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describeBlocking(report));
      return 0;
    }
    if (values.lines !== undefined) usage('--lines needs --erlang-b');
    const report = staffing(values);
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : describeStaffing(report));
    return 0;
  });
}

function blocking(values: Values): BlockingReport {
  for (const name of ['target', 'answer-within', 'target-asa', 'max-occupancy', 'max-abandon', 'shrinkage', 'patience', 'agents'] as const) {
    if (values[name] !== undefined) usage(`--${name} has no meaning with --erlang-b`);
  }
  const lines = numberOption('lines', values.lines, { min: 0, max: DEFAULT_MAX_AGENTS, integer: true });
  // Blocking needs only the traffic: --erlangs alone will do.
  const trafficErlangs = values.erlangs !== undefined && values.aht === undefined ? traffic({ ...values, aht: '1' }).trafficErlangs : traffic(values).trafficErlangs;
  return { trafficErlangs, lines, blockingProbability: erlangB(trafficErlangs, lines) };
}

function staffing(values: Values): ErlangReport {
  const { arrivalPerSec, ahtSec } = traffic(values);
  const thresholdSec = numberOption('answer-within', values['answer-within'], { min: 0 });
  if (values.target === undefined && values['target-asa'] === undefined && values['max-abandon'] === undefined) usage('give --target (a service level), --target-asa (seconds) or --max-abandon (a share), or several');
  const target = values.target === undefined ? undefined : fractionOption('target', values.target, { min: 0, max: 1, minOpen: true, maxOpen: true });
  const targetAsaSec = optional('target-asa', values['target-asa'], { min: 0, minOpen: true });
  const maxOccupancy = values['max-occupancy'] === undefined ? undefined : fractionOption('max-occupancy', values['max-occupancy'], { min: 0, max: 1, minOpen: true });
  const shrinkage = values.shrinkage === undefined ? undefined : fractionOption('shrinkage', values.shrinkage, { min: 0, max: 1, maxOpen: true });
  const patienceSec = optional('patience', values.patience, { min: 0, max: MAX_PATIENCE_SEC, minOpen: true });
  const maxAbandon = values['max-abandon'] === undefined ? undefined : fractionOption('max-abandon', values['max-abandon'], { min: 0, max: 1, minOpen: true, maxOpen: true });
  if (maxAbandon !== undefined && patienceSec === undefined) usage('--max-abandon needs --patience: without it nobody hangs up (Erlang C)');
  const agents = optional('agents', values.agents, { min: 0, max: DEFAULT_MAX_AGENTS, integer: true });

  const goal = { arrivalPerSec, ahtSec, thresholdSec, target, targetAsaSec, maxOccupancy, maxAbandon, patienceSec };
  const required = requiredAgents(goal);
  if (!meetsGoal(staffingFigures({ ...goal, agents: required }), goal)) {
    usage(`the goal needs more than ${DEFAULT_MAX_AGENTS} agents; check the traffic and the targets`);
  }
  const { asaSec, meanWaitOfDelayedSec, abandonProbability, ...figures } = staffingFigures({ ...goal, agents: agents ?? required });
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    ...figures,
    requiredAgents: required,
    target: target ?? null,
    thresholdSec,
    asaSec: finite(asaSec),
    meanWaitOfDelayedSec: finite(meanWaitOfDelayedSec),
    ...(targetAsaSec !== undefined && { targetAsaSec }),
    ...(maxOccupancy !== undefined && { maxOccupancy }),
    ...(maxAbandon !== undefined && { maxAbandon }),
    ...(shrinkage !== undefined && { shrinkage, agentsWithShrinkage: agentsWithShrinkage(required, shrinkage) }),
    ...(patienceSec !== undefined && { patienceSec, abandonProbability }),
  };
}

/** traffic reads the load: --erlangs with --aht, or --calls over --interval with --aht. */
function traffic(values: Values): { arrivalPerSec: number; ahtSec: number; trafficErlangs: number } {
  if (values.erlangs !== undefined) {
    if (values.calls !== undefined || values.interval !== undefined) usage('--erlangs gives the traffic directly; leave out --calls and --interval');
    const trafficErlangs = numberOption('erlangs', values.erlangs, { min: 0, max: DEFAULT_MAX_AGENTS });
    const ahtSec = numberOption('aht', values.aht, { min: 0, minOpen: true });
    return { arrivalPerSec: trafficErlangs / ahtSec, ahtSec, trafficErlangs };
  }
  const calls = numberOption('calls', values.calls, { min: 0 });
  const interval = numberOption('interval', values.interval, { min: 0, minOpen: true });
  const ahtSec = numberOption('aht', values.aht, { min: 0, minOpen: true });
  return { arrivalPerSec: calls / interval, ahtSec, trafficErlangs: (calls / interval) * ahtSec };
}

interface Bounds {
  min: number;
  max?: number;
  /** The bound itself is not allowed: an interval of 0 s divides by zero, a shrinkage of 100 % leaves nobody. */
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
}

function optional(name: string, raw: string | undefined, bounds: Bounds): number | undefined {
  return raw === undefined ? undefined : numberOption(name, raw, bounds);
}

/** fractionOption reads a share as a fraction (0.8) or a percentage (80%). */
function fractionOption(name: string, raw: string, bounds: Bounds): number {
  const percent = /^\s*([^%]*)%\s*$/.exec(raw);
  if (!percent) return numberOption(name, raw, bounds);
  const value = Number(percent[1]);
  return numberOption(name, percent[1]?.trim() === '' || !Number.isFinite(value) ? raw : String(value / 100), bounds, raw);
}

function numberOption(name: string, raw: string | undefined, bounds: Bounds, shown = raw): number {
  if (raw === undefined) usage(`--${name} is required`);
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const { min, max, minOpen, maxOpen, integer } = bounds;
  const below = minOpen ? value <= min : value < min;
  const above = max !== undefined && (maxOpen ? value >= max : value > max);
  if (!Number.isFinite(value) || below || above || (integer && !Number.isInteger(value))) {
    const open = minOpen && maxOpen ? ' (exclusive)' : minOpen ? ` (above ${min})` : maxOpen ? ` (below ${max})` : '';
    const range = max === undefined ? `${minOpen ? '>' : '≥'} ${min}` : `between ${min} and ${max}${open}`;
    usage(`--${name} must be ${integer ? 'a whole number' : 'a number'} ${range}, not "${shown}"`);
  }
  return value;
}

function usage(message: string): never {
  throw new UsageError(`surge erlang: ${message}\nusage: ${USAGE}`);
}
