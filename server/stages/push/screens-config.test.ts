/** The `screens:` section: KPI names and goal names are metric names, checked at load with file:line and a suggestion. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { refusedWith } from '../../test/support/config-problems.js';
import { METRICS } from '../rules/metric-names.js';
import { DEFAULT_GOALS, DEFAULT_HALL, DEFAULT_KPIS, PANORAMA_FIGURES, screensView } from './screens-config.js';

// Four lines: the one centre every config needs; the screens section starts at line 5.
const BASE = `centres:
  - id: hangzhou
    queues: [{ id: voice, media: voice }]
screens:
`;

const parse = (text: string) => parseConfig(BASE + text, 'c.yaml');
const problems = (text: string) => refusedWith(() => parse(text));

describe('screens config', () => {
  it('keeps each hall strip in the order written, resolved to unit and place in the figures', () => {
    const config = parse(`  halls:
    east: { kpis: [abandonRate.today, waiting, serviceLevel.5m] }
    west: {}
`);
    const view = screensView(config.screens);
    expect(Object.keys(view.halls)).toEqual(['east', 'west']);
    expect(view.halls.east!.kpis).toEqual([
      { name: 'abandonRate.today', unit: 'ratio', path: ['windows', 'today', 'abandonRate'] },
      { name: 'waiting', unit: 'count', path: ['waiting'] },
      { name: 'serviceLevel.5m', unit: 'ratio', path: ['windows', '5m', 'serviceLevel'] },
    ]);
    // A hall without its own list shows the default strip.
    expect(view.halls.west!.kpis.map((k) => k.name)).toEqual(DEFAULT_KPIS.filter((n) => METRICS.has(n)));
  });

  it('shows the default strip in one hall when none is configured, and overlays configured goals on the defaults', () => {
    const view = screensView(parse(`  goals:\n    fcr: { min: 0.8 }\n    serviceLevel: { min: 0.85 }\n`).screens);
    expect(Object.keys(view.halls)).toEqual([DEFAULT_HALL]);
    expect(view.goals.fcr).toEqual({ min: 0.8 });
    expect(view.goals.serviceLevel).toEqual({ min: 0.85 });
    expect(view.goals.onTimeRate).toEqual(DEFAULT_GOALS.onTimeRate);
  });

  it('has a metric name behind every default KPI, default goal and panorama column, a window on the windowed ones', () => {
    expect(DEFAULT_KPIS.filter((n) => !METRICS.has(n))).toEqual([]);
    expect(PANORAMA_FIGURES.filter((n) => !METRICS.has(n))).toEqual([]);
    const view = screensView(parse('  halls: {}\n').screens);
    expect(view.panorama.today.map((k) => k.name)).toContain('fcr.today');
    expect(view.panorama['15m'].map((k) => k.name)).toContain('serviceLevel.15m');
    expect(view.panorama['15m'].map((k) => k.name)).toContain('backlog.open');
    expect(view.panorama.today).toHaveLength(PANORAMA_FIGURES.length);
    expect(Object.keys(DEFAULT_GOALS).filter((n) => !METRICS.has(n))).toEqual([]);
  });

  it('refuses an unknown KPI at its line with the nearest name, and a window that does not exist', () => {
    expect(problems(`  halls:\n    east:\n      kpis:\n        - serviceLevel.today\n        - abandonRte.today\n        - asaSec.yesterday\n`)).toEqual([
      'c.yaml:9:11: screens.halls.east.kpis[1]: unknown metric "abandonRte.today" (did you mean abandonRate.today?)',
      'c.yaml:10:11: screens.halls.east.kpis[2]: unknown window "yesterday" in "asaSec.yesterday" (windows: 5m, 15m, today)',
    ]);
  });

  it('refuses a goal on an unknown figure, on a window, without bounds or with crossed bounds, and a bad hall id', () => {
    expect(
      problems(`  halls:
    East: { kpis: [waiting] }
  goals:
    abandonRat: { max: 0.05 }
    fcr.today: { min: 0.75 }
    occupancy: {}
    asaSec: { min: 30, max: 20 }
`),
    ).toEqual([
      'c.yaml:6:11: screens.halls.East: hall id "East" must be lower-case letters, digits, - or _',
      'c.yaml:8:17: screens.goals.abandonRat: unknown metric "abandonRat" (did you mean abandonRate?)',
      'c.yaml:9:16: screens.goals["fcr.today"]: a goal holds for the figure in every window: write "fcr"',
      'c.yaml:10:16: screens.goals.occupancy: give min, max or both',
      'c.yaml:11:29: screens.goals.asaSec.max: must be at least min (30)',
    ]);
  });

  it('passes the centres a hall names to its wall, and refuses a centre the config lacks at its line', () => {
    const view = screensView(parse(`  halls:\n    east: { centres: [hangzhou] }\n    west: {}\n`).screens);
    expect(view.halls.east!.centres).toEqual(['hangzhou']);
    expect(view.halls.west!.centres).toBeUndefined();
    expect(problems(`  halls:\n    east:\n      centres: [hangzhou, hangzou]\n`)).toEqual(['c.yaml:7:27: screens.halls.east.centres[1]: unknown centre "hangzou" (did you mean hangzhou?)']);
  });
});
