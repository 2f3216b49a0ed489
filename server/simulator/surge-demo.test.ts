/**
 * The surge demo (`SURGE_SIMULATE=surge npm start`) on simulated time: the demo day's traffic
 * (seed, 10:00 start and warm-up exactly as `surge start` plays it) through the pipeline's step
 * with the shipped rules, as `surge replay --rules` would. docs/demo.md quotes these minutes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { replay } from '../pipeline/replay.js';
import { highestLevel, levelRank, loadRuleFiles, type Level } from '../stages/rules/index.js';
import { demoDayStart, DEMO_WARM_UP_SEC } from './demo-day.js';
import { DEFAULT_SEED } from './driver.js';
import { createSimulation } from './simulation.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const config = loadConfig(root('surge.config.yaml'), {});
const rules = loadRuleFiles([root('rules/default.yaml')]);
const MIN = 60_000;
/** docs/demo.md: the first centre's tile turns red within this many minutes of the start. */
const RED_WITHIN_MIN = 11;

describe('surge demo', () => {
  it(`turns the first centre's tile yellow, then red within ${RED_WITHIN_MIN} minutes, whatever the date`, () => {
    if (!rules.ok) throw new Error(rules.errors.join('\n'));
    const start = demoDayStart(Date.parse('2026-12-03T22:17:00Z'), 'Asia/Shanghai');
    const sim = createSimulation({ config, scenario: 'surge', seed: DEFAULT_SEED, startMs: start, warmUpMs: DEMO_WARM_UP_SEC * 1000 });
    const until = start + RED_WITHIN_MIN * MIN;
    const { transitions } = replay(sim.advance(until), { config, rules: rules.rules, plans: [] }, until);

    // The tile's level is the highest of the centre's scopes (wallboard selectors centreLevels).
    const levels = new Map<string, Level>();
    const tile: { minute: number; level: Level }[] = [];
    for (const t of transitions.filter((t) => t.scope.includes('hangzhou'))) {
      levels.set(t.scope, t.to);
      const level = highestLevel([...levels.values()]);
      if (level !== tile.at(-1)?.level) tile.push({ minute: (t.at - start) / MIN, level });
    }
    expect(tile[0]).toMatchObject({ level: 'yellow' });
    expect(tile[0]!.minute).toBeGreaterThan(0);
    const red = tile.find((s) => levelRank(s.level) >= levelRank('red'));
    expect(red, JSON.stringify(tile)).toBeDefined();
    // Nothing happened before the start: the warm-up is a normal morning.
    expect(transitions.filter((t) => t.at < start && t.to !== 'normal')).toEqual([]);
  }, 60_000);
});
