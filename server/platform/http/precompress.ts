/**
 * The screens' static files are compressed once, when the wallboard is built (the vite config
 * calls precompressDir on dist/assets), and served as they are (static.ts): no CPU per
 * request, and the strongest settings, which would be too slow on the fly (brotli 11).
 *
 * `<file>.br` and `<file>.gz` sit next to `<file>`; one is written only when it is smaller.
 * index.html is not among them: the server rewrites its `lang` per configuration.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The codings a file may be stored in, in the server's order of preference. */
export const ENCODINGS = [
  { coding: 'br', suffix: '.br', compress: (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }) },
  { coding: 'gzip', suffix: '.gz', compress: (b: Buffer) => gzipSync(b, { level: constants.Z_BEST_COMPRESSION }) },
] as const;

export type Coding = (typeof ENCODINGS)[number]['coding'];

/** Text formats compress well; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.html', '.txt', '.map']);
/** Below this, the headers outweigh what compression saves. */
const MIN_BYTES = 1024;

/** precompressDir writes the .br and .gz of every compressible file under `dir`; returns the bytes before and after (smallest variant). */
export function precompressDir(dir: string): { files: number; bytes: number; smallest: number } {
  const totals = { files: 0, bytes: 0, smallest: 0 };
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const sub = precompressDir(path);
      totals.files += sub.files;
      totals.bytes += sub.bytes;
      totals.smallest += sub.smallest;
      continue;
    }
    if (!COMPRESSIBLE.has(extname(name))) continue;
    const body = readFileSync(path);
    if (body.length < MIN_BYTES) continue;
    let smallest = body.length;
    for (const { suffix, compress } of ENCODINGS) {
      const packed = compress(body);
      if (packed.length >= body.length) continue;
      writeFileSync(path + suffix, packed);
      smallest = Math.min(smallest, packed.length);
    }
    totals.files++;
    totals.bytes += body.length;
    totals.smallest += smallest;
  }
  return totals;
}

/**
 * acceptedCodings lists the codings of ENCODINGS a client takes, best first, from its
 * Accept-Encoding: the highest q first, the server's order among equals; `q=0` refuses a
 * coding, `*` stands for those not named. Identity is always acceptable as the fallback.
 */
export function acceptedCodings(header: string | undefined): Coding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.toLowerCase().split(';');
    const token = name?.trim();
    if (!token) continue;
    const weight = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const value = weight === undefined ? 1 : Number(weight);
    q.set(token, Number.isFinite(value) ? value : 0);
  }
  const weightOf = (coding: string) => q.get(coding) ?? (coding === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  return ENCODINGS.map((e, order) => ({ coding: e.coding, weight: weightOf(e.coding), order }))
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .map((e) => e.coding);
}
