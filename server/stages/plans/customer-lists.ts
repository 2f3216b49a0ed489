/**
 * Customer lists for `remind` (proactive SMS batches) and the opt-out list, read with the config
 * like the SMS templates, every problem as `file:line:col: message`:
 *
 *   <lists>/<name>.csv    a header line naming `phone` (and optionally `locale`, `name`), then one customer a line
 *   <lists>/<name>.yaml   customers: ["+8613900000001", { phone: "+8613900000002", locale: zh }]
 *   opt-out file          one E.164 number a line; `#` starts a comment
 *
 * A list longer than `maxRecipients` is refused (not cut short: a reminder to part of a list
 * nobody chose is worse than none), and so is a number listed twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { LOCALES, type Locale } from '../../config/locales.js';
import { maskPhone } from '../../platform/log/log.js';
import { YamlSource } from '../../platform/yaml/source.js';
import { E164 } from './config.js';
import { oneOf } from './yaml-values.js';

/** Customer is one recipient of a reminder: the number, and the language of the SMS (default the config's). */
export interface Customer {
  phone: string;
  locale?: Locale;
}

export interface CustomerLists {
  /** List name (file name without .csv / .yaml) → its customers, in file order. */
  lists: Record<string, Customer[]>;
  problems: string[];
}

const CSV_COLUMNS = ['phone', 'locale', 'name'];
const E164_HINT = 'is not an E.164 number ("+", country code and number, 7–15 digits)';

/** readCustomerLists reads every list of a folder; a folder that cannot be read gives none (a plan naming one then says so). */
export function readCustomerLists(dir: string, maxRecipients: number): CustomerLists {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.(csv|ya?ml)$/.test(f)).sort();
  } catch {
    return { lists: {}, problems: [] };
  }
  const lists: Record<string, Customer[]> = {};
  const problems: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const list = name.replace(/\.(csv|ya?ml)$/, '');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push(`${file}: cannot read: ${(err as Error).message}`);
      continue;
    }
    if (Object.hasOwn(lists, list)) {
      problems.push(`${file}:1:1: a list named "${list}" is already read from another file`);
      continue;
    }
    const read = name.endsWith('.csv') ? readCsv(text, file) : readYaml(text, file);
    const found = [...read.problems, ...duplicates(read.customers, file)];
    if (read.customers.length > maxRecipients) found.push(`${file}:1:1: ${read.customers.length} customers, more than remind.maxRecipients (${maxRecipients})`);
    if (read.customers.length === 0 && read.problems.length === 0) found.push(`${file}:1:1: no customers`);
    problems.push(...found);
    lists[list] = read.customers.map(({ line: _line, ...customer }) => customer);
  }
  return { lists, problems };
}

/** readOptOuts reads the opt-out file: the numbers never to send a reminder to. */
export function readOptOuts(file: string): { phones: Set<string>; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { phones: new Set(), problems: [`${file}: cannot read: ${(err as Error).message}`] };
  }
  const phones = new Set<string>();
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    if (E164.test(line)) phones.add(line);
    else problems.push(`${file}:${i + 1}:1: "${line}" ${E164_HINT}`);
  });
  return { phones, problems };
}

type Read = { customers: (Customer & { line: number })[]; problems: string[] };

function readCsv(text: string, file: string): Read {
  const lines = text.split(/\r?\n/);
  const header = splitCsv(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const problems: string[] = [];
  header.forEach((column, i) => {
    if (!CSV_COLUMNS.includes(column)) problems.push(`${file}:1:${i + 1}: unknown column "${column}" (columns: ${CSV_COLUMNS.join(', ')})`);
  });
  const phoneAt = header.indexOf('phone');
  const localeAt = header.indexOf('locale');
  if (phoneAt < 0) return { customers: [], problems: [...problems, `${file}:1:1: the first line must name the columns, with "phone" among them`] };
  const customers: Read['customers'] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const cells = splitCsv(raw).map((c) => c.trim());
    const phone = cells[phoneAt] ?? '';
    const locale = localeAt >= 0 ? (cells[localeAt] ?? '') : '';
    if (!E164.test(phone)) return void problems.push(`${file}:${line}:1: "${phone}" ${E164_HINT}`);
    if (locale !== '' && !(LOCALES as readonly string[]).includes(locale)) return void problems.push(`${file}:${line}:1: unknown locale "${locale}" (locales: ${LOCALES.join(', ')})`);
    customers.push({ phone, ...(locale ? { locale: locale as Locale } : {}), line });
  });
  return { customers, problems };
}

/** splitCsv splits one CSV line; a field in double quotes may hold commas ("" is a quote). */
function splitCsv(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '')));
}

function readYaml(text: string, file: string): Read {
  const src = new YamlSource(file, text);
  const customers: Read['customers'] = [];
  const root = src.root;
  const entries = root && src.errors.length === 0 ? src.mapping(root, 'a customer list', ['customers']) : null;
  const listEntry = entries?.find((e) => e.key === 'customers');
  if (root && entries && !listEntry) src.report(root, 'a customer list needs `customers:`, a list of numbers or { phone, locale }');
  for (const item of (listEntry && src.list(listEntry, 'customers')) || []) {
    const fields = isMap(item) ? src.mapping(item, 'a customer', ['phone', 'locale']) : null;
    const phoneAt = fields ? src.required(item, fields, 'phone', 'a customer needs a phone') : item;
    const localeEntry = fields?.find((e) => e.key === 'locale');
    const locale = localeEntry ? oneOf(src, localeEntry, 'locale', LOCALES) : undefined;
    if (!phoneAt || locale === null) continue;
    const node = src.valueOf(phoneAt);
    if (isScalar(node) && typeof node.value === 'number') {
      src.report(phoneAt, 'must be quoted text, e.g. "+8613900000001" (unquoted, YAML reads it as a number)');
      continue;
    }
    const phone = src.string(phoneAt, 'phone')?.value;
    if (phone === undefined) continue;
    if (!E164.test(phone)) {
      src.report(phoneAt, `"${phone}" ${E164_HINT}`);
      continue;
    }
    customers.push({ phone, ...(locale ? { locale } : {}), line: Number(src.whereIs(phoneAt).split(':').at(-2)) });
  }
  return { customers, problems: root || src.errors.length > 0 ? src.errors : [`${file}:1:1: empty customer list`] };
}

function duplicates(customers: readonly (Customer & { line: number })[], file: string): string[] {
  const first = new Map<string, number>();
  return customers.flatMap((c) => {
    const seen = first.get(c.phone);
    if (seen === undefined) {
      first.set(c.phone, c.line);
      return [];
    }
    return [`${file}:${c.line}:1: ${maskPhone(c.phone)} is listed twice (first on line ${seen})`];
  });
}
