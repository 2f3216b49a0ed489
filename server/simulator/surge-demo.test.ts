/**
 * The surge demo (`SURGE_SIMULATE=surge npm start`) on simulated time: the demo day's traffic
 * (seed, 10:00 start and warm-up exactly as `surge start` plays it) through the pipeline's step
 * with the shipped rules. Like the live runner, each step takes the events that arrived since the
 * last one; steps are TICK_MS apart (the server's are 100 ms), which keeps the test fast and moves
 * a level's minute by at most a tick. docs/demo.md quotes these minutes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { initialState } from '../pipeline/state.js';
import { step } from '../pipeline/step.js';
import { highestLevel, loadRuleFiles, type Level, type Transition } from '../stages/rules/index.js';
import { demoDayStart, DEMO_WARM_UP_SEC } from './demo-day.js';
import { DEFAULT_SEED } from './driver.js';
import { SURGE } from './scenarios.js';
import { createSimulation } from './simulation.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const config = loadConfig(root('surge.config.yaml'), {});
const rules = loadRuleFiles([root('rules/default.yaml')]);
const MIN = 60_000;
const TICK_MS = 5_000;
/** docs/demo.md: minutes after the start at which the first centre's tile turns each colour on the way up. */
const CLIMB: [Level, number][] = [
  ['yellow', 5],
  ['orange', 6],
  ['red', 7],
];
const TOLERANCE_MIN = 0.5;

/** run plays the demo from the warm-up to `minutes` after the start; every level transition. */
function run(minutes: number): { start: number; transitions: Transition[] } {
  if (!rules.ok) throw new Error(rules.errors.join('\n'));
  const start = demoDayStart(Date.parse('2026-12-03T22:17:00Z'), 'Asia/Shanghai');
  const sim = createSimulation({ config, scenario: 'surge', seed: DEFAULT_SEED, startMs: start, warmUpMs: DEMO_WARM_UP_SEC * 1000 });
  const state = initialState(config, 'demo');
  const ctx = { config, rules: rules.rules, plans: [] };
  const transitions: Transition[] = [];
  for (let now = start - DEMO_WARM_UP_SEC * 1000; now <= start + minutes * MIN; now += TICK_MS) {
    transitions.push(...step(state, { events: sim.advance(now), commands: [], now }, ctx).transitions);
  }
  return { start, transitions };
}

/** tileCourse is the colour of a centre's tile over time: the highest level of its scopes (wallboard selectors centreLevels). */
function tileCourse(transitions: readonly Transition[], centre: string, start: number): { minute: number; level: Level }[] {
  const levels = new Map<string, Level>();
  const course: { minute: number; level: Level }[] = [];
  for (const t of transitions.filter((t) => t.scope.includes(centre))) {
    levels.set(t.scope, t.to);
    const level = highestLevel([...levels.values()]);
    if (level !== (course.at(-1)?.level ?? 'normal')) course.push({ minute: (t.at - start) / MIN, level });
  }
  return course;
}

describe('surge demo', () => {
  it(`climbs the first centre's tile yellow → orange → red by minute ${CLIMB.at(-1)![1]} and brings it back to normal before the next wave`, () => {
    const cycleMin = SURGE.cycleMs / MIN;
    const { start, transitions } = run(cycleMin);
    const course = tileCourse(transitions, 'hangzhou', start);
    const shown = JSON.stringify(course.map((s) => `${s.minute.toFixed(1)} ${s.level}`));

    expect(course.slice(0, CLIMB.length).map((s) => s.level), shown).toEqual(CLIMB.map(([level]) => level));
    CLIMB.forEach(([, minute], i) => expect(Math.abs(course[i]!.minute - minute), shown).toBeLessThanOrEqual(TOLERANCE_MIN));
    // Each colour stays up long enough to be seen before the next.
    for (let i = 1; i < CLIMB.length; i++) expect(course[i]!.minute - course[i - 1]!.minute, shown).toBeGreaterThanOrEqual(0.5);
    expect(course.map((s) => s.level), shown).not.toContain('black');
    expect(course.at(-1), shown).toMatchObject({ level: 'normal' });
    expect(course.at(-1)!.minute, shown).toBeLessThan(cycleMin);
    // Nothing happened before the start: the warm-up is a normal morning.
    expect(transitions.filter((t) => t.at < start && t.to !== 'normal')).toEqual([]);
  }, 60_000);
});
