import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/env.js';
import { createLogger } from '../../../platform/log/log.js';
import { demoConfig } from '../testing.js';
import { PlanFileError, PlanSet } from './plan-files.js';

const plan = (name: string, level: string) => `  - name: ${name}\n    level: ${level}\n    actions:\n      - banner: { text: "${name}" }\n`;
const good = `plans:\n${plan('surge-yellow', 'yellow')}`;
const better = `plans:\n${plan('surge-yellow', 'yellow')}${plan('surge-red', 'red')}`;
const broken = `plans:\n${plan('surge-yellow', 'purple')}`;

function folder(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'surge-plans-'));
  writeFileSync(join(dir, 'a.yaml'), text);
  const config = demoConfig();
  config.plans.dir = dir;
  return { dir, set: new PlanSet(config, createLogger({ level: 'silent' })) };
}

describe('PlanSet', () => {
  it('stops the boot on invalid plans, naming the file and line', () => {
    const { dir, set } = folder(broken);
    expect(() => set.loadOrThrow()).toThrow(PlanFileError);
    expect(() => set.loadOrThrow()).toThrow(new RegExp(`${join(dir, 'a.yaml')}:\\d+:\\d+`));
  });

  it('reloads on change and keeps the last good plans when an edit is broken', async () => {
    const { dir, set } = folder(good);
    expect(set.loadOrThrow().plans.map((p) => p.name)).toEqual(['surge-yellow']);
    set.watch();
    try {
      writeFileSync(join(dir, 'a.yaml'), broken);
      await waitUntil(() => !set.folderStatus.ok, 'the broken edit read', 5_000);
      expect(set.folderStatus.errors[0]).toMatch(new RegExp(`^${join(dir, 'a.yaml')}:`));
      expect(set.plans.map((p) => p.name)).toEqual(['surge-yellow']); // still in force

      writeFileSync(join(dir, 'a.yaml'), better);
      await waitUntil(() => set.folderStatus.ok, 'the fixed edit read', 5_000);
      expect(set.plans.map((p) => p.name)).toEqual(['surge-yellow', 'surge-red']);
      expect(set.folderStatus).toMatchObject({ ok: true, count: 2, errors: [] });
    } finally {
      set.close();
    }
  });
});
