/**
 * `surge replay <events.ndjson>` runs a recorded event file through the same metrics
 * code as the server, on the events' own clock, and prints every scope's figures. With
 * `--rules` (and `--plans`) it runs the live pipeline step over the events and prints the
 * level transitions, incidents and plan jobs they would have produced.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, configFile, loadConfig } from '../config/load.js';
import { parseTimestamp } from '../stages/ingest/validate.js';
import type { Replay } from '../pipeline/replay.js';
import { loadPlanFiles, type Plan } from '../stages/plans/index.js';
import { formatValues, loadRuleFiles, type Rule } from '../stages/rules/index.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';
import { progressLine } from './progress.js';
import { replayReport, type ReplayReport } from './replay-report.js';

const USAGE = 'surge replay <events.ndjson> [--config file] [--at <ISO time|epoch ms>] [--rules <file>]... [--plans <file>]... [--json]';

export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs(
      'replay',
      args,
      { config: { type: 'string' }, at: { type: 'string' }, rules: { type: 'string', multiple: true }, plans: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean' } },
      USAGE,
    );
    if (values.help) {
      process.stdout.write(`usage: ${USAGE}\n`);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError(`surge replay: name exactly one events file\nusage: ${USAGE}`);
    const at = values.at === undefined ? undefined : parseTimestamp(/^\d+$/.test(values.at) ? Number(values.at) : values.at);
    if (values.at !== undefined && at === undefined) throw new UsageError(`surge replay: --at "${values.at}" is not an ISO-8601 time with a zone or epoch ms`);

    let config;
    try {
      config = loadConfig(values.config ?? configFile());
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`surge replay: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      process.stderr.write(`surge replay: cannot read ${file}: ${(err as Error).message}\n`);
      return 1;
    }
    if (values.plans && !values.rules) throw new UsageError(`surge replay: --plans needs --rules (plans follow the levels the rules raise)\nusage: ${USAGE}`);
    let rules: { rules: Rule[]; plans: Plan[] } | undefined;
    if (values.rules) {
      const loaded = loadRuleFiles(values.rules);
      const plans = loadPlanFiles(values.plans ?? [], config);
      for (const warning of [...(loaded.warnings ?? []), ...(plans.warnings ?? [])]) process.stderr.write(`${warning}\n`);
      if (!loaded.ok || !plans.ok) {
        for (const error of [...(loaded.ok ? [] : loaded.errors), ...(plans.ok ? [] : plans.errors)]) process.stderr.write(`${error}\n`);
        return 1;
      }
      rules = { rules: loaded.rules, plans: plans.plans };
    }
    const line = progressLine();
    const { report, problems, later } = replayReport(text, config, { at, rules, onProgress: (phase, done, total) => line.show(`surge replay: ${phase}`, done, total) });
    line.end();
    for (const p of problems) process.stderr.write(`${file}:${p.line}: ${p.error} (skipped)\n`);
    if (later > 0) process.stderr.write(`surge replay: ${later} events after --at left out\n`);
    if (report.events === 0) {
      process.stderr.write(`surge replay: ${file} has no valid events${later > 0 ? ' at or before --at' : ''}\n`);
      return 1;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(table(report) + (report.transitions ? describeReplay(report as Replay) : ''));
    return 0;
  });
}

// The table rounds for reading; --json carries the figures as computed.
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const sec = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}s`);

function table({ asOf, scopes, ...summary }: ReplayReport): string {
  const header = ['scope', 'waiting', 'longest', 'offered', 'answered', 'abandoned', 'SL', 'abandon%', 'ASA', 'AHT', 'avail/staffed'];
  const rows = Object.values(scopes).map((m) => {
    const w = m.windows['15m'];
    return [m.scope, String(m.waiting), `${m.longestWaitSec}s`, String(w.offered), String(w.answered), String(w.abandoned), pct(w.serviceLevel), pct(w.abandonRate), sec(w.asaSec), sec(w.ahtSec), `${m.agents.available}/${m.agents.staffed}`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `as of ${new Date(asOf).toISOString()} — ${summary.events} events, ${summary.duplicates} duplicates, ${summary.skipped} skipped; windows: 15 minutes`,
    line(header),
    ...rows.map(line),
    '',
  ].join('\n');
}

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

function describeReplay(b: Replay): string {
  const lines = ['', `level transitions (${b.transitions.length}):`];
  for (const t of b.transitions) lines.push(`  ${time(t.at)}  ${t.scope.padEnd(26)} ${t.from} → ${t.to}  [${t.rule}] ${formatValues(t.values)}${t.predicted ? `  (early warning: ${t.predicted.level} predicted in ${t.predicted.inMin} min)` : ''}`);
  lines.push('', `incidents (${b.incidents.length}):`);
  for (const i of b.incidents) {
    const end = i.resolvedAt === null ? 'still open' : `resolved ${time(i.resolvedAt)}`;
    lines.push(`  ${i.id}  ${i.centre} ${i.type}: opened ${time(i.openedAt)}, peak ${i.peakLevel}, ${end}`);
  }
  lines.push('', `plan jobs (${b.planIntents.length}):`);
  for (const p of b.planIntents) lines.push(`  ${p.job.padEnd(6)} ${p.key}`);
  return `${lines.join('\n')}\n`;
}
