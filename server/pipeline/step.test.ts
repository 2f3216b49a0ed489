import { describe, expect, it } from 'vitest';
import type { Principal } from '../platform/http/auth.js';
import type { Envelope, IncidentCommand } from '../stages/incidents/commands.js';
import type { CanonicalEvent } from '../stages/ingest/contract.js';
import { parsePlanFile } from '../stages/plans/index.js';
import { demoConfig } from '../stages/plans/testing.js';
import { parseRuleFile } from '../stages/rules/index.js';
import { initialState, restorePipelineState, savePipelineState } from './state.js';
import { step, type StepContext, type StepInput, type StepResult } from './step.js';

const config = demoConfig();
// A fixed instant far from today: ids carry its date, 2031-01-02.
const T0 = Date.UTC(2031, 0, 2, 9, 0, 0);
const DAY = '20310102';

const rules = parseRuleFile(
  `rules:
  - name: voice-waiting
    scope: queue:hangzhou/voice
    clear: 30s
    yellow: { when: waiting >= 1 }
    orange: { when: waiting >= 2 }
    red:    { when: waiting >= 3 }
    black:  { when: waiting >= 4 }
`,
  'step-rules.yaml',
);
// Every level: an SMS (cannot be undone) and a banner (undone); red also re-routes, undone once confirmed.
const plans = parsePlanFile(
  `plans:
${['yellow', 'orange', 'red', 'black']
  .map(
    (level) => `  - name: p-${level}
    level: ${level}
    actions:
      - notify: { group: duty-managers, template: level-alert }
      - banner: { text: "${level}" }
${level === 'red' ? '      - reroute: { queue: voice, share: 30% }\n' : ''}`,
  )
  .join('')}`,
  'step-plans.yaml',
  config,
);
if (!rules.ok || !plans.ok) throw new Error(`fixtures: ${JSON.stringify([rules, plans])}`);
const ctx: StepContext = { config, rules: rules.rules, plans: plans.plans };

const dana: Principal = { name: 'dana', role: 'dispatcher' };
let eventNo = 0;
/** queued is `n` voice calls joining Hangzhou's queue at `ts`. */
const queued = (n: number, ts: number): CanonicalEvent[] =>
  Array.from({ length: n }, () => ({ id: `e${++eventNo}`, type: 'contact.queued', ts, centre: 'hangzhou', contactId: `k${eventNo}`, queue: 'voice', media: 'voice' }));
const command = (requestId: string, cmd: IncidentCommand, at = T0 + 1000, who: Principal | null = dana): Envelope => ({ requestId, who: who as Principal, at, command: cmd });
const act = (requestId: string, id: string, action: 'ack' | 'escalate' | 'deescalate' | 'release' | 'resolve') => command(requestId, { kind: 'act', id, action, reason: `${action} please` });

const INC1 = `INC-${DAY}-t1-0001`;
const INC2 = `INC-${DAY}-t1-0002`;
/** The step every case starts from: four calls waiting, Hangzhou voice straight to black. */
const surge: StepInput = { events: queued(4, T0), commands: [], now: T0, positions: { hangzhou: '100-0' } };

const intents = (r: StepResult) => r.planIntents.map((i) => `${i.job} ${i.key}`);
const statuses = (r: StepResult) => r.replies.map((x) => `${x.requestId} ${x.answer.ok ? 'ok' : x.answer.status}`);

function run(inputs: StepInput[]): StepResult[] {
  const state = initialState(config, 't1');
  return inputs.map((input) => step(state, input, ctx));
}

describe('step', () => {
  it('events raise a level: an incident opens with the next id, and the plans of every level passed start, lowest first', () => {
    const [r] = run([surge]);
    expect(r!.transitions.map((t) => `${t.scope} ${t.from}→${t.to}`)).toEqual(['queue:hangzhou/voice normal→black']);
    expect(r!.incidentChanges.incidents).toMatchObject([{ id: INC1, centre: 'hangzhou', type: 'traffic_surge', level: 'black', state: 'open' }]);
    expect(intents(r!)).toEqual([
      `action ${INC1}:yellow:p-yellow:0`,
      `action ${INC1}:yellow:p-yellow:1`,
      `action ${INC1}:orange:p-orange:0`,
      `action ${INC1}:orange:p-orange:1`,
      `action ${INC1}:red:p-red:0`,
      `action ${INC1}:red:p-red:1`,
      `action ${INC1}:red:p-red:2`,
      `action ${INC1}:black:p-black:0`,
      `action ${INC1}:black:p-black:1`,
    ]);
    expect(r!.figures['queue:hangzhou/voice']!.waiting).toBe(4);
    expect(r!.liveMessages).toEqual([
      { type: 'levels', asOf: T0, levels: { 'queue:hangzhou/voice': 'black' } },
      { type: 'incidents', asOf: T0, incidents: r!.state.open },
    ]);
    expect(r!.state).toMatchObject({ incidentSeq: 1, positions: { hangzhou: '100-0', shanghai: '0-0', wuhan: '0-0' }, levels: { 'queue:hangzhou/voice': 'black' } });
  });

  it('a step where nothing moves announces nothing', () => {
    const [, r] = run([surge, { events: [], commands: [], now: T0 + 1000 }]);
    expect(r!).toMatchObject({ transitions: [], planIntents: [], replies: [], audit: [], liveMessages: [], incidentChanges: { incidents: [], timeline: [] } });
  });

  it.each([
    {
      name: 'de-escalate: undo intents for the level left, answered ok',
      commands: [act('q1', INC1, 'deescalate')],
      replies: ['q1 ok'],
      intents: [`undo ${INC1}:black:p-black:1`],
      open: [`${INC1} red`],
      audit: ['dana incident.deescalate INC-20310102-t1-0001 deescalate please'],
    },
    {
      name: 'resolve: undo intents for every level left, highest first; the incident leaves the open list',
      commands: [act('q1', INC1, 'resolve')],
      replies: ['q1 ok'],
      intents: [`undo ${INC1}:black:p-black:1`, `undo ${INC1}:red:p-red:1`, `undo ${INC1}:red:p-red:2`, `undo ${INC1}:orange:p-orange:1`, `undo ${INC1}:yellow:p-yellow:1`],
      open: [],
      audit: ['dana incident.resolve INC-20310102-t1-0001 resolve please'],
    },
    {
      name: 'an unknown incident: 404, nothing changes',
      commands: [act('q1', 'INC-nope', 'ack')],
      replies: ['q1 404'],
      intents: [],
      open: [`${INC1} black`],
      audit: [],
    },
    {
      name: 'an action that does not fit: 409',
      commands: [act('q1', INC1, 'escalate')],
      replies: ['q1 409'],
      intents: [],
      open: [`${INC1} black`],
      audit: [],
    },
    {
      name: 'declare: a held incident with the next id, its plans started',
      commands: [command('q1', { kind: 'declare', type: 'fire', centre: 'wuhan', level: 'orange', note: 'smoke, floor 3' })],
      replies: ['q1 ok'],
      intents: [`action ${INC2}:yellow:p-yellow:0`, `action ${INC2}:yellow:p-yellow:1`, `action ${INC2}:orange:p-orange:0`, `action ${INC2}:orange:p-orange:1`],
      open: [`${INC1} black`, `${INC2} orange`],
      audit: [`dana incident.declare ${INC2} smoke, floor 3`],
    },
    {
      name: 'a declaration refused (level normal): 409, and no id used up',
      commands: [
        command('q1', { kind: 'declare', type: 'fire', centre: 'wuhan', level: 'normal', note: 'x' }),
        command('q2', { kind: 'declare', type: 'fire', centre: 'wuhan', level: 'yellow', note: 'y' }),
      ],
      replies: ['q1 409', 'q2 ok'],
      intents: [`action ${INC2}:yellow:p-yellow:0`, `action ${INC2}:yellow:p-yellow:1`],
      open: [`${INC1} black`, `${INC2} yellow`],
      audit: [`dana incident.declare ${INC2} y`],
    },
    {
      name: 'a command that fails unexpectedly: 500, and the others are still carried out',
      commands: [command('q1', { kind: 'act', id: INC1, action: 'ack', reason: 'r' }, T0 + 1000, null), act('q2', INC1, 'ack'), command('q3', { kind: 'reboot' } as unknown as IncidentCommand)],
      replies: ['q1 500', 'q2 ok', 'q3 500'],
      intents: [],
      open: [`${INC1} black`],
      audit: ['dana incident.ack INC-20310102-t1-0001 ack please'],
    },
  ])('$name', (c) => {
    const [, r] = run([surge, { events: [], commands: c.commands, now: T0 + 1000 }]);
    expect(statuses(r!)).toEqual(c.replies);
    expect(intents(r!)).toEqual(c.intents);
    expect(r!.state.open.map((i) => `${i.id} ${i.level}`)).toEqual(c.open);
    expect(r!.audit.map((a) => `${a.who} ${a.action} ${a.target} ${a.reason}`)).toEqual(c.audit);
    expect(r!.liveMessages.some((m) => m.type === 'incidents')).toBe(c.audit.length > 0);
  });

  it('answers an unexpected failure with its reason', () => {
    const [, r] = run([surge, { events: [], commands: [command('q1', { kind: 'reboot' } as unknown as IncidentCommand)], now: T0 + 1000 }]);
    expect(r!.replies).toEqual([{ requestId: 'q1', answer: { ok: false, status: 500, error: 'the command failed: unknown command kind "reboot"' } }]);
  });

  it('releasing a held level hands the incident back to the rules: the level they hold starts again', () => {
    const [, , r] = run([surge, { events: [], commands: [act('q1', INC1, 'deescalate')], now: T0 + 1000 }, { events: [], commands: [act('q2', INC1, 'release')], now: T0 + 2000 }]);
    expect(statuses(r!)).toEqual(['q2 ok']);
    expect(intents(r!)).toEqual([`action ${INC1}:black:p-black:0`, `action ${INC1}:black:p-black:1`]);
  });

  it('is deterministic: the same inputs give equal results', () => {
    const inputs: StepInput[] = [surge, { events: queued(1, T0 + 500), commands: [act('q1', INC1, 'deescalate'), act('q2', 'INC-x', 'ack')], now: T0 + 1000 }, { events: [], commands: [], now: T0 + 40_000 }];
    expect(run(inputs)).toEqual(run(inputs));
  });

  it('saves and restores everything but the engine, sharing nothing', () => {
    const state = initialState(config, 't1');
    step(state, surge, ctx);
    const saved = savePipelineState(state);
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
    const restored = restorePipelineState(saved, state.engine);
    // A restored term starts watching afresh (see the feed-silence test).
    expect(restored).toEqual({ ...state, watchingSince: null });
    restored.open[0]!.level = 'normal';
    expect(state.open[0]!.level).toBe('black');
  });

  it('counts a feed silent from the term\'s first step at the earliest, so a restart raises no equipment incident by itself', () => {
    const state = initialState(config, 't1');
    // The last event before the server was down for ten minutes (recovery applies it to the engine only).
    state.engine.apply(queued(1, T0)[0]!);
    const silence = (result: StepResult) => [result.figures['centre:hangzhou']!.sourceSilentSec, result.figures['centre:hangzhou']!.freshness!.silentSec];
    expect(silence(step(state, { events: [], commands: [], now: T0 + 600_000 }, ctx))).toEqual([0, 600]);
    expect(silence(step(state, { events: [], commands: [], now: T0 + 700_000 }, ctx))).toEqual([100, 700]);
    // A new term (restart, takeover) watches afresh; the screens still say how old the figures are.
    const next = restorePipelineState(savePipelineState(state), state.engine);
    expect(silence(step(next, { events: [], commands: [], now: T0 + 800_000 }, ctx))).toEqual([0, 800]);
  });
});
