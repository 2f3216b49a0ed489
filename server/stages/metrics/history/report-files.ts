/**
 * The report's rows as files: CSV (RFC 4180, a header row) and XLSX (one sheet of the same rows).
 * Both carry exactly the JSON rows: times as ISO 8601 text, figures as plain numbers, no figure empty.
 */
import type { ReportRow } from './report.js';

export const FORMATS = ['json', 'csv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** The row fields in column order. */
export const fieldsOf = (columns: readonly string[]): string[] => ['scope', 'start', 'end', 'minutes', ...columns];

type Cell = string | number | null;

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // Scope ids come from the configuration: still, nothing a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportCsv(rows: readonly ReportRow[], columns: readonly string[]): string {
  const fields = fieldsOf(columns);
  const lines = [fields, ...rows.map((r) => fields.map((f) => r[f] ?? null))];
  return lines.map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function reportXlsx(rows: readonly ReportRow[], columns: readonly string[]): Promise<Buffer> {
  const fields = fieldsOf(columns);
  // Loaded on the first spreadsheet: exceljs takes about 0.3 s to load, which every start would pay.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Surge Control';
  const sheet = book.addWorksheet('Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = fields.map((f) => ({ header: f, key: f, width: Math.max(12, f.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(fields.map((f) => r[f] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}
