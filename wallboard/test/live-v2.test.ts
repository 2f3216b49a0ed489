/**
 * Live protocol v2 end to end without a socket: the server's display precision and deltas
 * (server/stages/push/figures-delta.ts) folded by the wallboard's reducer give the same view as
 * a full snapshot of the final figures; deltas carry only the fields that changed.
 */
import { describe, expect, it } from 'vitest';
import { atDisplayPrecision, diffFigures, mergeFigures, type FiguresChange } from '../../server/stages/push/figures-delta.js';
import { initialState, reduce, type LiveInput, type LiveState } from '../src/lib/live/reducer.js';
import type { ScopeMetrics } from '../src/lib/live/protocol.js';
import { metrics, topology } from './fixtures.js';

const rx = (message: unknown, at = 10_000): LiveInput => ({ kind: 'received', at, message });
const run = (inputs: LiveInput[], from: LiveState = initialState): LiveState => inputs.reduce(reduce, from);
const opened = (): LiveState => run([{ kind: 'connecting', at: 0 }, { kind: 'open', at: 1 }]);
const rounded = (scopes: ScopeMetrics[]): Record<string, ScopeMetrics> => Object.fromEntries(scopes.map((f) => [f.scope, atDisplayPrecision(f)]));
const snapshot = (scopes: ScopeMetrics[], seq: Record<string, number>) => ({ type: 'snapshot', seq, asOf: 1_000, scopes: rounded(scopes), topology, latest: [] });

/** The delta message a hub would publish on `topic` for these scope changes. */
function delta(topic: string, seq: number, changes: Record<string, FiguresChange | null>) {
  const message: { type: 'delta'; topic: string; seq: number; asOf: number; scopes?: Record<string, ScopeMetrics>; patch?: Record<string, Record<string, unknown>> } = { type: 'delta', topic, seq, asOf: 2_000 };
  for (const [scope, change] of Object.entries(changes)) {
    if (change === null) continue;
    if ('patch' in change) (message.patch ??= {})[scope] = change.patch;
    else (message.scopes ??= {})[scope] = change.replace;
  }
  return message;
}

describe('display precision', () => {
  it.each([
    { name: 'seconds to whole seconds', over: { longestWaitSec: 15.4, ewtSec: 9.6 }, expected: { longestWaitSec: 15, ewtSec: 10 } },
    { name: 'ratios to 0.01 %', over: { occupancy: 0.612345, busyRate: 0.61236 }, expected: { occupancy: 0.6123, busyRate: 0.6124 } },
    { name: 'other fractions to 2 decimals', over: { requiredAgents: 6.456 }, expected: { requiredAgents: 6.46 } },
    { name: 'whole numbers and null unchanged', over: { waiting: 12, staffingGap: null }, expected: { waiting: 12, staffingGap: null } },
  ])('$name', ({ over, expected }) => {
    expect(atDisplayPrecision(metrics('centre:hz', over as Partial<ScopeMetrics>))).toMatchObject(expected);
  });

  it('a nested figure takes its named ancestor unit (windows, by-seat-type agents)', () => {
    const f = metrics('centre:hz');
    const out = atDisplayPrecision({ ...f, windows: { ...f.windows, '5m': { ...f.windows['5m'], serviceLevel: 0.812345, asaSec: 7.7, arrivalPerMin: 3.14159 } } });
    expect(out.windows['5m']).toMatchObject({ serviceLevel: 0.8123, asaSec: 8, arrivalPerMin: 3.14 });
  });
});

describe('deltas', () => {
  const base = atDisplayPrecision(metrics('centre:hz'));

  it('carry only the fields that changed, nested ones as a path', () => {
    const next = atDisplayPrecision(metrics('centre:hz', { waiting: 7, agents: { ...base.agents, available: 1 } }));
    expect(diffFigures(base, next)).toEqual({ patch: { waiting: 7, agents: { available: 1 } } });
  });

  it('send nothing for a change no screen can show', () => {
    expect(diffFigures(base, atDisplayPrecision(metrics('centre:hz', { occupancy: 0.600001, longestWaitSec: 15.2 })))).toBeNull();
  });

  it('send the whole figures for a scope not sent before, or one that lost a field', () => {
    expect(diffFigures(undefined, base)).toEqual({ replace: base });
    const silenceGone = { ...base };
    const withExtra = atDisplayPrecision(metrics('centre:hz', { sourceSilentSec: 3 }));
    expect(diffFigures(withExtra, silenceGone)).toEqual({ replace: silenceGone });
  });

  it('patch an array that kept its length by the elements that changed; one whose length changed goes whole', () => {
    const withPath = (path: { inMin: number; waiting: number }[]) => ({ ...base, forecast: { method: 'trend', path } }) as unknown as ScopeMetrics;
    const path = [{ inMin: 1, waiting: 3 }, { inMin: 2, waiting: 3 }, { inMin: 3, waiting: 4 }];
    const before = withPath(path);
    const moved = withPath([path[0]!, { inMin: 2, waiting: 5 }, { inMin: 3, waiting: 6 }]);
    const change = diffFigures(before, moved) as { patch: Record<string, unknown> };
    expect(change).toEqual({ patch: { forecast: { path: { 1: { waiting: 5 }, 2: { waiting: 6 } } } } });
    expect(mergeFigures(before, change.patch)).toEqual(moved);
    const longer = withPath([...path, { inMin: 4, waiting: 4 }]);
    expect(diffFigures(before, longer)).toEqual({ patch: { forecast: { path: longer.forecast!.path } } });
    expect(mergeFigures(before, (diffFigures(before, longer) as { patch: Record<string, unknown> }).patch)).toEqual(longer);
  });

  it('send an array whole, not the whole figures, when a field went away inside one of its elements', () => {
    const ports = (second: Record<string, unknown>) => ({ ...base, waiting: 4, ivrPortsDetail: [{ port: 'p1', state: 'idle' }, second] }) as unknown as ScopeMetrics;
    const inCall = ports({ port: 'p2', state: 'in_call', callId: 'c-7', menu: 'billing' });
    const hungUp = { ...ports({ port: 'p2', state: 'idle' }), waiting: 5 } as ScopeMetrics;
    const change = diffFigures(inCall, hungUp);
    expect(change).toEqual({ patch: { waiting: 5, ivrPortsDetail: hungUp.ivrPortsDetail } });
    expect(mergeFigures(inCall, (change as { patch: Record<string, unknown> }).patch)).toEqual(hungUp);
    // The same inside an array nested in an array's element: the innermost array goes whole.
    const nested = (steps: object[]) => ({ ...base, forecast: { method: 'trend', path: [{ inMin: 1, parts: steps }] } }) as unknown as ScopeMetrics;
    const before = nested([{ a: 1, b: 2 }]);
    const after = nested([{ a: 1 }]);
    expect(diffFigures(before, after)).toEqual({ patch: { forecast: { path: { 0: { parts: [{ a: 1 }] } } } } });
    expect(mergeFigures(before, (diffFigures(before, after) as { patch: Record<string, unknown> }).patch)).toEqual(after);
  });

  it('send the whole figures when a field turns between array and object', () => {
    const listed = { ...base, ivrPortsDetail: [{ port: 'a', state: 'idle' }] } as unknown as ScopeMetrics;
    const keyed = { ...base, ivrPortsDetail: { 0: { port: 'a', state: 'idle' } } } as unknown as ScopeMetrics;
    expect(diffFigures(listed, keyed)).toEqual({ replace: keyed });
  });
});

describe('the reducer folds v2 deltas into the same view as a full snapshot', () => {
  const steps: ScopeMetrics[][] = [
    [metrics('all'), metrics('centre:hz'), metrics('queue:hz/voice')],
    [metrics('all', { waiting: 9, occupancy: 0.7312 }), metrics('centre:hz', { waiting: 9 }), metrics('queue:hz/voice', { longestWaitSec: 41.6 })],
    [metrics('all', { waiting: 9, occupancy: 0.73121 }), metrics('centre:hz', { waiting: 2, windows: { ...metrics('x').windows, '15m': { ...metrics('x').windows['15m'], abandonRate: 0.04567 } } }), metrics('queue:hz/voice', { sourceSilentSec: 12 })],
    [metrics('all', { waiting: 1 }), metrics('centre:hz', { waiting: 2 }), metrics('queue:hz/voice')],
  ];
  const topicOf = (scope: string) => (scope === 'all' ? 'totals' : 'centre:hz');

  it('snapshot of step 0 + deltas to step 3 = snapshot of step 3, and unchanged scopes keep their identity', () => {
    const seq: Record<string, number> = { totals: 0, 'centre:hz': 0, news: 0 };
    let state = run([rx(snapshot(steps[0]!, { ...seq }))], opened());
    let sent = rounded(steps[0]!);
    for (const step of steps.slice(1)) {
      const byTopic = new Map<string, Record<string, FiguresChange | null>>();
      for (const figures of step) {
        const next = atDisplayPrecision(figures);
        const changes = byTopic.get(topicOf(figures.scope)) ?? {};
        changes[figures.scope] = diffFigures(sent[figures.scope], next);
        byTopic.set(topicOf(figures.scope), changes);
        sent = { ...sent, [figures.scope]: next };
      }
      const before = state.scopes;
      for (const [topic, changes] of byTopic) {
        if (Object.values(changes).every((c) => c === null)) continue;
        state = reduce(state, rx(delta(topic, ++seq[topic]!, changes)));
        for (const [scope, change] of Object.entries(changes)) if (change === null) expect(state.scopes[scope]).toBe(before[scope]);
      }
      expect(state.resync).toBe('none');
    }
    const full = run([rx(snapshot(steps[3]!, seq))], opened());
    expect(state.scopes).toEqual(full.scopes);
    expect(state.seq).toEqual(full.seq);
  });

  it('each topic counts on its own: a gap on one asks for a resync', () => {
    const state = run([rx(snapshot(steps[0]!, { totals: 4, 'centre:hz': 9, news: 2 }))], opened());
    const inOrder = reduce(state, rx({ type: 'levels', topic: 'news', seq: 3, asOf: 1, levels: {} }));
    expect(inOrder.seq).toEqual({ totals: 4, 'centre:hz': 9, news: 3 });
    expect(inOrder.resync).toBe('none');
    const gap = reduce(inOrder, rx(delta('centre:hz', 11, { 'centre:hz': { patch: { waiting: 1 } } })));
    expect(gap.resync).toBe('needed');
    expect(gap.scopes['centre:hz']!.waiting).toBe(3);
  });

  it('a patch for a scope the screen never had asks for a resync', () => {
    const state = run([rx(snapshot(steps[0]!, { totals: 0, 'centre:hz': 0 }))], opened());
    expect(reduce(state, rx(delta('centre:hz', 1, { 'skill:hz/x': { patch: { waiting: 1 } } }))).resync).toBe('needed');
  });
});
