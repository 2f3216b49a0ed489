/** The incidents stage imports nothing from the stages after it (plans, deliver, push): the preview it keeps is typed here (plan-preview.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const DOWNSTREAM = /from '\.\.\/(plans|deliver|push)\//;

describe('the incidents stage', () => {
  it('imports nothing from plans, deliver or push', () => {
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(3);
    const upward = sources.flatMap((f) =>
      readFileSync(join(here, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (DOWNSTREAM.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(upward).toEqual([]);
  });
});
