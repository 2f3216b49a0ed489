import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/log/log.js';
import { RuleSet, type RulesStatus } from './watcher.js';

const good = 'rules:\n  - name: busy\n    scope: queue:*/voice\n    yellow: { when: waiting >= 5 }\n';
const better = 'rules:\n  - name: busy\n    scope: queue:*/voice\n    yellow: { when: waiting >= 3 }\n  - name: calm\n    scope: all\n    yellow: { when: waiting >= 50 }\n';
const broken = 'rules:\n  - name: busy\n    scope: queue:*/voice\n    yellow: { when: waiting >=  }\n';

describe('RuleSet', () => {
  it('reloads on change and keeps the last good rules when an edit is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-watch-'));
    writeFileSync(join(dir, 'a.yaml'), good);
    const seen: RulesStatus[] = [];
    const set = new RuleSet(dir, createLogger({ level: 'silent' }), (s) => seen.push(s));
    expect(set.load()).toBe(true);
    expect(set.rules.map((r) => r.name)).toEqual(['busy']);
    set.watch();
    try {
      writeFileSync(join(dir, 'a.yaml'), broken);
      await waitFor(() => seen.length === 2);
      expect(set.status.ok).toBe(false);
      expect(set.status.errors[0]).toMatch(new RegExp(`^${join(dir, 'a.yaml')}:4:`));
      expect(set.rules.map((r) => r.name)).toEqual(['busy']); // still in force

      writeFileSync(join(dir, 'a.yaml'), better);
      await waitFor(() => seen.at(-1)?.ok === true);
      expect(set.rules.map((r) => r.name)).toEqual(['busy', 'calm']);
      expect(set.status).toMatchObject({ ok: true, rules: 2, errors: [] });
    } finally {
      set.close();
    }
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error('timed out');
}
