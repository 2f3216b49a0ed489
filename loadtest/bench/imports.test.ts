/**
 * The benchmark runs with tsx and from dist/, outside vitest: nothing it loads may import the
 * test framework, nor a test file (shared helpers live in server/testkit and loadtest/load).
 * This walks the relative imports from the harness and every load process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
const IMPORT = /(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;

function sourceOf(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base].find((f) => existsSync(f) && f !== dirname(from));
}

function graph(entries: string[]): { files: string[]; vitest: string[] } {
  const seen = new Set<string>();
  const vitest: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (spec === 'vitest' || spec.startsWith('vitest/')) vitest.push(relative('.', file));
      if (spec.startsWith('.')) {
        const target = sourceOf(file, spec);
        if (target) visit(target);
      }
    }
  };
  for (const entry of entries) visit(resolve(entry));
  return { files: [...seen].map((f) => relative('.', f)), vitest };
}

describe('the benchmark', () => {
  it('loads no test framework and no test file', () => {
    const load = readdirSync('loadtest/load').filter((f) => f.endsWith('.ts') && !f.includes('.test.')).map((f) => join('loadtest/load', f));
    const { files, vitest } = graph(['loadtest/bench/main.ts', ...load]);
    expect(files).toContain(join('loadtest', 'bench', 'scenarios', 'recovery.ts'));
    expect(files).toContain(join('server', 'testkit', 'redis-cluster.ts'));
    expect(vitest).toEqual([]);
    expect(files.filter((f) => /\.test\.|[/\\]test[/\\]/.test(f))).toEqual([]);
  });
});
