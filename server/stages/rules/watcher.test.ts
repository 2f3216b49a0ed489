import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/support/env.js';
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
      await waitUntil(() => seen.length === 2, 'the broken edit read', 5_000);
      expect(set.status.ok).toBe(false);
      expect(set.status.errors[0]).toMatch(new RegExp(`^${join(dir, 'a.yaml')}:4:`));
      expect(set.rules.map((r) => r.name)).toEqual(['busy']); // still in force

      writeFileSync(join(dir, 'a.yaml'), better);
      await waitUntil(() => seen.at(-1)?.ok === true, 'the fixed edit read', 5_000);
      expect(set.rules.map((r) => r.name)).toEqual(['busy', 'calm']);
      expect(set.status).toMatchObject({ ok: true, rules: 2, errors: [] });
    } finally {
      set.close();
    }
  });
});
