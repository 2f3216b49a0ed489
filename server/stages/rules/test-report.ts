/**
 * formatTestResult renders a rule test result for the terminal: an `ok` line, or the failed
 * expectations as expected/got with their place in the test file, then the transitions that did
 * happen, so the reason is usually plain without re-running anything.
 */
import type { Transition } from './evaluator.js';
import type { MetricValues } from './evaluate.js';
import { METRICS } from './metric-names.js';
import { formatDuration } from './quantity.js';
import { passed, type RuleTestResult } from './test-runner.js';

/** formatTestResult returns the lines for one test, ending in a newline. */
export function formatTestResult(result: RuleTestResult): string {
  const { test } = result;
  if (passed(result)) return `ok   ${test.name}\n`;
  const lines = [`FAIL ${test.name}  (${test.where})`];
  if (result.unwatched) lines.push(`  no loaded rule watches scope ${test.scope}`);
  for (const f of result.failures) {
    lines.push(`  at ${formatDuration(f.at / 1000)}: expected ${f.expected}, got ${f.got}  (${f.where})`);
  }
  lines.push(result.transitions.length > 0 ? '  transitions that happened:' : '  no transitions happened');
  for (const t of result.transitions) lines.push(`    ${formatTransition(t)}`);
  return `${lines.join('\n')}\n`;
}

/** formatTransition is one transition on one line, times taken as ms from the start of a test. */
export function formatTransition(t: Transition): string {
  const figures = formatValues(t.values);
  return `${formatDuration(t.at / 1000).padEnd(7)} ${t.rule} ${t.scope}: ${t.from} → ${t.to} (${t.cause})${figures ? `  ${figures}` : ''}`;
}

/** formatValues writes figures in the units rules use: 75%, 2m30s, 12. */
export function formatValues(values: MetricValues): string {
  return Object.entries(values)
    .map(([name, v]) => {
      const unit = METRICS.get(name)?.unit;
      const text = v === null ? 'null' : unit === 'ratio' ? `${Math.round(v * 1000) / 10}%` : unit === 'seconds' ? formatDuration(v) : String(Math.round(v * 100) / 100);
      return `${name}=${text}`;
    })
    .join(' ');
}
