/**
 * `surge replay <events.ndjson>` runs a recorded event file through the same metrics
 * code as the server, on the events' own clock, and prints every scope's figures.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, configFile, loadConfig } from '../config/load.js';
import { parseTimestamp } from '../stages/ingest/validate.js';
import { backtest, type Backtest } from '../stages/incidents/backtest.js';
import { replayEvents, replaySnapshot } from '../stages/metrics/replay.js';
import { formatValues, loadRuleFiles } from '../stages/rules/index.js';
import type { MetricsByScope } from '../stages/metrics/types.js';
import { parseCommandArgs, runCommand, UsageError } from './args.js';

const USAGE = 'surge replay <events.ndjson> [--config file] [--at <ISO time|epoch ms>] [--rules <file>]... [--json]';

export async function run(args: string[]): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs(
      'replay',
      args,
      { config: { type: 'string' }, at: { type: 'string' }, rules: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean' } },
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
    const result = replayEvents(text, config);
    for (const p of result.problems) process.stderr.write(`${file}:${p.line}: ${p.error} (skipped)\n`);
    if (result.events.length === 0) {
      process.stderr.write(`surge replay: ${file} has no valid events\n`);
      return 1;
    }
    const asOf = at ?? result.lastTs;
    const scopes = replaySnapshot(result, asOf);
    const summary = { events: result.events.length, duplicates: result.duplicates, skipped: result.problems.length };
    let backtested: Backtest | undefined;
    if (values.rules) {
      const rules = loadRuleFiles(values.rules);
      if (!rules.ok) {
        for (const error of rules.errors) process.stderr.write(`${error}\n`);
        return 1;
      }
      backtested = backtest(result.events, config, rules.rules, asOf);
    }
    if (values.json) process.stdout.write(`${JSON.stringify({ asOf, ...summary, scopes, ...backtested }, null, 2)}\n`);
    else process.stdout.write(table(asOf, summary, scopes) + (backtested ? describeBacktest(backtested) : ''));
    return 0;
  });
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : String(Math.round(v)));

function table(asOf: number, summary: { events: number; duplicates: number; skipped: number }, scopes: MetricsByScope): string {
  const header = ['scope', 'waiting', 'longest', 'offered', 'answered', 'abandoned', 'SL', 'abandon%', 'ASA', 'AHT', 'avail/staffed'];
  const rows = Object.values(scopes).map((m) => {
    const w = m.windows['15m'];
    return [m.scope, String(m.waiting), `${m.longestWaitSec}s`, String(w.offered), String(w.answered), String(w.abandoned), pct(w.serviceLevel), pct(w.abandonRate), num(w.asaSec), num(w.ahtSec), `${m.agents.available}/${m.agents.staffed}`];
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

function describeBacktest(b: Backtest): string {
  const lines = ['', `level transitions (${b.transitions.length}):`];
  for (const t of b.transitions) lines.push(`  ${time(t.at)}  ${t.scope.padEnd(26)} ${t.from} → ${t.to}  [${t.rule}] ${formatValues(t.values)}`);
  lines.push('', `incidents (${b.incidents.length}):`);
  for (const i of b.incidents) {
    const end = i.resolvedAt === null ? 'still open' : `resolved ${time(i.resolvedAt)}`;
    lines.push(`  ${i.id}  ${i.centre} ${i.type}: opened ${time(i.openedAt)}, peak ${i.peakLevel}, ${end}`);
  }
  return `${lines.join('\n')}\n`;
}
