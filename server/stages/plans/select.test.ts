/** Which levels' plans start or are undone on a move, and which plans apply to an incident. */
import { describe, expect, it } from 'vitest';
import type { Level } from '../rules/index.js';
import { actionsFor, levelsToRun, parsePlanFile, type Plan } from './index.js';
import { demoConfig, incident } from './testing.js';

describe('levelsToRun', () => {
  it.each<[Level, Level, string[], string[]]>([
    ['normal', 'yellow', ['yellow'], []],
    ['yellow', 'orange', ['orange'], []],
    ['normal', 'black', ['yellow', 'orange', 'red', 'black'], []],
    ['yellow', 'red', ['orange', 'red'], []],
    ['red', 'orange', [], ['red']],
    ['black', 'normal', [], ['black', 'red', 'orange', 'yellow']],
    ['black', 'orange', [], ['black', 'red']],
    ['orange', 'orange', [], []],
    ['normal', 'normal', [], []],
  ])('%s → %s starts %j and undoes %j', (from, to, start, undo) => {
    expect(levelsToRun(from, to)).toEqual({ start, undo });
  });
});

describe('actionsFor', () => {
  const loaded = parsePlanFile(
    `plans:
  - name: any-red
    level: red
    actions:
      - notify: { group: emergency-echelon, template: level-alert }
  - name: surge-red
    level: red
    type: traffic_surge
    undo: confirm
    actions:
      - activateSeats: { seatType: backup, count: 5 }
      - reroute: { queue: voice, share: 30%, confirm: true }
      - banner: { text: red }
  - name: hangzhou-fire-red
    level: red
    type: fire
    centres: [hangzhou]
    actions:
      - banner: { text: evacuate }
  - name: network-red
    level: red
    centres: [all]
    actions:
      - banner: { text: network }
  - name: surge-orange
    level: orange
    type: traffic_surge
    actions:
      - banner: { text: orange }
`,
    'plans.yaml',
    demoConfig(),
  );
  const plans: Plan[] = loaded.ok ? loaded.plans : [];
  const names = (centre: string, type: 'traffic_surge' | 'fire', level: 'orange' | 'red' = 'red') =>
    [...new Set(actionsFor(plans, incident({ centre, type }), level).map((a) => a.plan))];

  it.each<[string, 'traffic_surge' | 'fire', string[]]>([
    ['hangzhou', 'traffic_surge', ['any-red', 'surge-red']],
    ['shanghai', 'traffic_surge', ['any-red', 'surge-red']],
    ['hangzhou', 'fire', ['any-red', 'hangzhou-fire-red']],
    ['shanghai', 'fire', ['any-red']],
    ['all', 'traffic_surge', ['any-red', 'surge-red', 'network-red']],
    ['all', 'fire', ['any-red', 'network-red']],
  ])('a %s %s incident at red runs %j', (centre, type, expected) => {
    expect(names(centre, type)).toEqual(expected);
  });

  it('takes only the plans bound to the level', () => {
    expect(names('hangzhou', 'traffic_surge', 'orange')).toEqual(['surge-orange']);
  });

  it('gives each action a deterministic key, its confirmation and how it is undone', () => {
    const actions = actionsFor(plans, incident({ id: 'INC-7', centre: 'hangzhou' }), 'red');
    expect(actions.map(({ key, kind, needsConfirmation, undo }) => ({ key, kind, needsConfirmation, undo }))).toEqual([
      { key: 'INC-7:red:any-red:0', kind: 'notify', needsConfirmation: false, undo: 'none' },
      { key: 'INC-7:red:surge-red:0', kind: 'activateSeats', needsConfirmation: false, undo: 'confirm' },
      { key: 'INC-7:red:surge-red:1', kind: 'reroute', needsConfirmation: true, undo: 'confirm' },
      { key: 'INC-7:red:surge-red:2', kind: 'banner', needsConfirmation: false, undo: 'auto' },
    ]);
    expect(actions[2]).toEqual({
      kind: 'reroute',
      spec: { queue: 'voice', share: 0.3, expiresAfterSec: null },
      key: 'INC-7:red:surge-red:1',
      incidentId: 'INC-7',
      level: 'red',
      plan: 'surge-red',
      index: 1,
      needsConfirmation: true,
      undo: 'confirm',
    });
    expect(actionsFor(plans, incident({ id: 'INC-7', centre: 'hangzhou' }), 'red')).toEqual(actions);
  });
});
