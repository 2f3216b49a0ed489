/**
 * A benchmark row is one figure measured next to its baseline in the same run; the ratio
 * and the verdict against the issue's target are computed here, once, for the table and
 * the JSON alike.
 */

export interface Target {
  /** What is compared: the figure itself, or figure ÷ baseline. */
  on: 'value' | 'ratio';
  op: '>=' | '<=';
  limit: number;
}

export interface Row {
  scenario: string;
  figure: string;
  unit: string;
  value: number | null;
  baseline?: { label: string; value: number | null };
  target?: Target;
  /** Shown when there is no value, or as context. */
  note?: string;
  /** A measurement whose result was wrong (e.g. incorrect figures) fails whatever its numbers. */
  invalid?: string;
}

export interface ScoredRow extends Row {
  ratio: number | null;
  pass: boolean | null;
}

/** score computes the ratio and the verdict: a target holds only when its figure was measured and meets it. */
export function score(row: Row): ScoredRow {
  const base = row.baseline?.value;
  const ratio = row.value !== null && base ? row.value / base : null;
  let pass: boolean | null = null;
  if (row.invalid) pass = false;
  else if (row.target) {
    const subject = row.target.on === 'value' ? row.value : ratio;
    pass = subject !== null && (row.target.op === '>=' ? subject >= row.target.limit : subject <= row.target.limit);
  }
  return { ...row, ratio, pass };
}

/** formatNumber: thousands separators for large figures, a few significant digits for small ones. */
export function formatNumber(n: number): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function targetText(row: Row): string {
  if (!row.target) return '';
  const { on, op, limit } = row.target;
  const sign = op === '>=' ? '≥' : '≤';
  return on === 'ratio' ? `${sign} ${Math.round(limit * 100)} % of baseline` : `${sign} ${formatNumber(limit)} ${row.unit}`;
}

function cells(row: ScoredRow): string[] {
  const value = row.value === null ? (row.note ?? '—') : `${formatNumber(row.value)} ${row.unit}`;
  const baseline = row.baseline ? `${row.baseline.value === null ? '—' : `${formatNumber(row.baseline.value)} ${row.unit}`} (${row.baseline.label})` : '';
  const ratio = row.ratio === null ? '' : `${row.ratio.toFixed(2)}×`;
  const unmeasured = row.target && (row.target.on === 'value' ? row.value : row.ratio) === null;
  const result = row.invalid ? `FAIL (${row.invalid})` : unmeasured ? 'FAIL (not measured)' : row.pass === null ? '' : row.pass ? 'pass' : 'FAIL';
  return [row.scenario, row.figure, value, baseline, ratio, targetText(row), result];
}

const HEADER = ['scenario', 'figure', 'value', 'baseline (same run)', 'ratio', 'target', 'result'];

/** renderTable draws the rows as a Markdown table (readable in a terminal, pasteable in docs/performance.md). */
export function renderTable(rows: ScoredRow[]): string {
  const lines = [HEADER, HEADER.map(() => '---'), ...rows.map(cells)];
  return lines.map((l) => `| ${l.join(' | ')} |`).join('\n');
}
