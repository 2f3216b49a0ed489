/**
 * parseExposition reads the Prometheus text exposition format (0.0.4) strictly, as
 * `promtool check metrics` would refuse it: every sample belongs to a family announced by
 * one HELP and one TYPE before its samples, families are not interleaved, names and labels
 * are well-formed and escaped, no series repeats, and each histogram series has rising `le`
 * buckets with non-decreasing counts ending in +Inf, equal to its _count, beside its _sum.
 * It throws an Error naming the line for the first fault.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<MetricType, string[]> = { counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  let current: Family | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('the exposition must end with a newline');
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1}: ${why}: ${line}`);
    };
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!NAME.test(name)) fail('bad metric name');
      let family = families.get(name);
      if (family && family !== current) fail(`${name} announced again after other families`);
      if (family && family.samples.length > 0) fail(`${kind} after samples of ${name}`);
      if (!family) families.set(name, (family = { name, type: 'untyped', help: '', samples: [] }));
      current = family;
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) fail(`unknown type "${rest}"`);
        if (seen.has(`TYPE ${name}`)) fail('second TYPE');
        family.type = rest as MetricType;
      } else {
        if (seen.has(`HELP ${name}`)) fail('second HELP');
        family.help = unescape(rest, false, fail);
      }
      seen.add(`${kind} ${name}`);
      return;
    }
    if (line.startsWith('#')) return;
    const sample = parseSample(line, fail);
    const family = current;
    if (!family || !SUFFIXES[family.type].some((s) => sample.name === family.name + s)) fail(`sample outside its family (last announced: ${current?.name ?? 'none'})`);
    if (!seen.has(`HELP ${family!.name}`) || !seen.has(`TYPE ${family!.name}`)) fail(`${family!.name} lacks HELP or TYPE`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) fail('repeated series');
    seen.add(key);
    family!.samples.push(sample);
  });
  for (const family of families.values()) {
    if (!seen.has(`HELP ${family.name}`) || !seen.has(`TYPE ${family.name}`)) throw new Error(`${family.name} lacks HELP or TYPE`);
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{)?/.exec(line) ?? fail('bad sample name');
  const name = head[1]!;
  let at = name.length;
  const labels: Record<string, string> = {};
  if (head[2]) {
    at += 1;
    while (line[at] !== '}') {
      const pair = /^([^=]*)="((?:[^"\\]|\\.)*)"(,?)/.exec(line.slice(at)) ?? fail('bad label pair');
      if (!LABEL.test(pair[1]!)) fail(`bad label name "${pair[1]}"`);
      if (pair[1]! in labels) fail(`label ${pair[1]} twice`);
      labels[pair[1]!] = unescape(pair[2]!, true, fail);
      at += pair[0].length;
      if (!pair[3] && line[at] !== '}') fail('labels not separated by a comma');
    }
    at += 1;
  }
  const rest = /^ (\S+)( -?\d+)?$/.exec(line.slice(at)) ?? fail('bad value');
  return { name, labels, value: parseValue(rest[1]!, fail) };
}

function parseValue(text: string, fail: (why: string) => never): number {
  // Prometheus reads values with Go's ParseFloat: NaN in any case (prom-client writes `Nan` for an empty event-loop histogram).
  if (text.toLowerCase() === 'nan') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(`bad value "${text}"`);
  return Number(text);
}

/** unescape reads `\\`, `\n` (and `\"` in label values): the only escapes the format has. */
function unescape(text: string, quoted: boolean, fail: (why: string) => never): string {
  return text.replace(/\\(.?)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === '"' && quoted) return '"';
    return fail(`bad escape \\${c}`);
  });
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), s.value]);
    } else if (s.name.endsWith('_sum')) entry.sum = s.value;
    else entry.count = s.value;
  }
  for (const [key, { buckets, sum, count }] of series) {
    const where = `${family.name}${key}`;
    if (sum === undefined || count === undefined) throw new Error(`${where}: _sum or _count missing`);
    if (buckets.at(-1)?.[0] !== Number.POSITIVE_INFINITY) throw new Error(`${where}: no +Inf bucket last`);
    buckets.forEach(([le, n], i) => {
      if (Number.isNaN(le)) throw new Error(`${where}: le is not a number`);
      if (i > 0 && (le <= buckets[i - 1]![0] || n < buckets[i - 1]![1])) throw new Error(`${where}: buckets not rising at le=${le}`);
    });
    if (buckets.at(-1)![1] !== count) throw new Error(`${where}: +Inf bucket ${buckets.at(-1)![1]} ≠ _count ${count}`);
  }
}
