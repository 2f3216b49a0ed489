import { describe, expect, it } from 'vitest';
import { initialState, reduce, type LiveInput, type LiveState } from '../src/lib/live/reducer.js';
import type { DeltaMessage, ScopeMetrics, SnapshotMessage } from '../src/lib/live/protocol.js';
import { incident, metrics, topology } from './fixtures.js';

const snapshot = (
  seq: number,
  scopes: Record<string, ScopeMetrics> = { all: metrics('all'), 'centre:hz': metrics('centre:hz') },
  asOf = 1_000,
  latest: SnapshotMessage['latest'] = [],
): SnapshotMessage => ({ type: 'snapshot', seq, asOf, scopes, topology, latest });
const delta = (seq: number, scopes: Record<string, ScopeMetrics>, asOf = 2_000): DeltaMessage => ({ type: 'delta', seq, asOf, scopes });
const rx = (message: unknown, at = 10_000): LiveInput => ({ kind: 'received', at, message });
const run = (inputs: LiveInput[], from: LiveState = initialState): LiveState => inputs.reduce(reduce, from);
const opened = (): LiveState => run([{ kind: 'connecting', at: 0 }, { kind: 'open', at: 1 }]);
const live = (): LiveState => run([rx(snapshot(5))], opened());

describe('reduce: snapshot', () => {
  it('replaces scopes and topology, takes the seq, and marks the data fresh', () => {
    const s = live();
    expect(s.seq?.live).toBe(5);
    expect(s.asOf).toBe(1_000);
    expect(s.lastDataAt).toBe(10_000);
    expect(s.lastMessageAt).toBe(10_000);
    expect(Object.keys(s.scopes).sort()).toEqual(['all', 'centre:hz']);
    expect(s.topology).toBe(topology);
    expect(s.everLive).toBe(true);
    expect(s.attempt).toBe(0);
  });

  it('drops scopes the new snapshot no longer has', () => {
    const s = run([rx(snapshot(9, { all: metrics('all') }))], live());
    expect(Object.keys(s.scopes)).toEqual(['all']);
  });

  it('applies the newest message of each other type it carries, in order', () => {
    const latest: SnapshotMessage['latest'] = [
      { type: 'levels', asOf: 900, levels: { 'queue:hz/voice': 'orange' } },
      { type: 'incidents', asOf: 900, incidents: [incident({ level: 'orange' })] },
      { type: 'rules', asOf: 800, status: { ok: true, files: ['rules/default.yaml'], rules: 9, loadedAt: 800, errors: [] } },
    ];
    const s = run([rx(snapshot(5, undefined, 1_000, latest))], opened());
    expect(s.seq?.live).toBe(5);
    expect(s.levels).toEqual({ 'queue:hz/voice': 'orange' });
    expect(s.incidents.map((i) => i.id)).toEqual(['inc-1']);
    expect(s.rules).toMatchObject({ ok: true, rules: 9 });
    expect(s.resync).toBe('none');
  });

  it('a later snapshot without some type keeps what the last one said', () => {
    const withLevels = run([rx(snapshot(5, undefined, 1_000, [{ type: 'levels', asOf: 900, levels: { all: 'red' } }]))], opened());
    expect(run([rx(snapshot(9))], withLevels).levels).toEqual({ all: 'red' });
  });

  it('clears a pending resync', () => {
    const s = run([rx(delta(9, {})), { kind: 'resyncRequested', at: 11_000 }, rx(snapshot(20))], live());
    expect(s.resync).toBe('none');
    expect(s.resyncRequestedAt).toBeNull();
    expect(s.seq?.live).toBe(20);
  });
});

describe('reduce: delta', () => {
  const changed = metrics('centre:hz', { waiting: 42 });

  it.each([
    { name: 'next seq merges the changed scopes', seq: 6, waiting: 42, resync: 'none', seqAfter: 6 },
    { name: 'a gap asks for a resync and applies nothing', seq: 8, waiting: 3, resync: 'needed', seqAfter: 5 },
    { name: 'a repeated seq asks for a resync', seq: 5, waiting: 3, resync: 'needed', seqAfter: 5 },
  ])('$name', ({ seq, waiting, resync, seqAfter }) => {
    const s = run([rx(delta(seq, { 'centre:hz': changed }))], live());
    expect(s.scopes['centre:hz']!.waiting).toBe(waiting);
    expect(s.resync).toBe(resync);
    expect(s.seq?.live).toBe(seqAfter);
  });

  it('keeps the identity of scopes that did not change', () => {
    const before = live();
    const after = run([rx(delta(6, { 'centre:hz': changed }))], before);
    expect(after.scopes.all).toBe(before.scopes.all);
    expect(after.scopes['centre:hz']).toBe(changed);
  });

  it('ignores deltas before the first snapshot of a connection (and asks for one)', () => {
    const s = run([rx(delta(1, { 'centre:hz': changed }))], opened());
    expect(s.scopes).toEqual({});
    expect(s.resync).toBe('needed');
  });

  it('ignores deltas while a resync is outstanding, but counts them as heard', () => {
    const gap = run([rx(delta(9, {})), { kind: 'resyncRequested', at: 10_500 }], live());
    const s = run([rx(delta(10, { 'centre:hz': changed }), 12_000)], gap);
    expect(s.scopes['centre:hz']!.waiting).toBe(3);
    expect(s.lastMessageAt).toBe(12_000);
    expect(s.lastDataAt).toBe(10_000);
  });

  it('samples trends for charted scopes only', () => {
    const s = run([rx(delta(6, { 'centre:hz': changed, 'media:voice': metrics('media:voice') }))], live());
    expect(s.trends['centre:hz']!.waiting!.at(-1)).toEqual({ t: 2_000, v: 42 });
    expect(s.trends['media:voice']).toBeUndefined();
  });
});

describe('reduce: lifecycle and reconnect', () => {
  it('a close keeps the figures (shown as stale) but forgets the seq', () => {
    const s = run([{ kind: 'closed', at: 20_000, code: 1001, reason: 'shutdown' }], live());
    expect(s.connection).toBe('closed');
    expect(s.seq).toBeNull();
    expect(s.scopes['centre:hz']).toBeDefined();
    expect(s.lastClose).toEqual({ at: 20_000, code: 1001, reason: 'shutdown' });
  });

  it('reconnect resets: the old seq does not carry over, the new snapshot sets it', () => {
    const s = run(
      [
        { kind: 'closed', at: 20_000, code: 1006, reason: '' },
        { kind: 'connecting', at: 21_000 },
        { kind: 'open', at: 21_100 },
        rx(delta(6, {}), 21_200), // seq 6 would follow 5, but this is a new connection
      ],
      live(),
    );
    expect(s.resync).toBe('needed');
    const after = run([rx(snapshot(1), 21_300), rx(delta(2, { 'centre:hz': metrics('centre:hz', { waiting: 7 }) }), 21_400)], s);
    expect(after.seq?.live).toBe(2);
    expect(after.resync).toBe('none');
    expect(after.scopes['centre:hz']!.waiting).toBe(7);
  });

  it('counts attempts until a snapshot arrives', () => {
    const s = run([
      { kind: 'connecting', at: 0 },
      { kind: 'closed', at: 1, code: 1006, reason: '' },
      { kind: 'connecting', at: 2 },
      { kind: 'closed', at: 3, code: 1006, reason: '' },
      { kind: 'connecting', at: 4 },
    ]);
    expect(s.attempt).toBe(3);
    expect(run([{ kind: 'open', at: 5 }, rx(snapshot(1))], s).attempt).toBe(0);
  });
});

describe('reduce: sequence across message types', () => {
  it('every pushed message takes the next seq, so deltas after a levels message are in order', () => {
    const s = run([rx({ type: 'levels', seq: 6, asOf: 2_000, levels: { 'centre:hz': 'red' } }), rx({ type: 'ping', seq: 7, asOf: 2_000 }), rx(delta(8, { 'centre:hz': metrics('centre:hz', { waiting: 9 }) }))], live());
    expect(s.seq?.live).toBe(8);
    expect(s.resync).toBe('none');
    expect(s.scopes['centre:hz']!.waiting).toBe(9);
  });

  it('a gap before a complete message still applies it, and asks for a resync', () => {
    const s = reduce(live(), rx({ type: 'levels', seq: 9, asOf: 2_000, levels: { 'centre:hz': 'red' } }));
    expect(s.levels).toEqual({ 'centre:hz': 'red' });
    expect(s.resync).toBe('needed');
    expect(s.seq?.live).toBe(5);
  });

  it('an unknown type with the next seq keeps the sequence', () => {
    expect(reduce(live(), rx({ type: 'plan', seq: 6, asOf: 0 })).seq?.live).toBe(6);
  });
});

describe('reduce: other messages', () => {
  it.each([
    { name: 'unknown type', message: { type: 'weather', sunny: true } },
    { name: 'no type', message: { seq: 3 } },
    { name: 'not an object', message: 'hello' },
    { name: 'null', message: null },
    { name: 'array', message: [1, 2] },
    { name: 'snapshot without seq', message: { type: 'snapshot', scopes: {} } },
    { name: 'delta with non-integer seq', message: { type: 'delta', seq: '6', scopes: {} } },
    { name: 'levels without a map', message: { type: 'levels' } },
    { name: 'incidents without a list', message: { type: 'incidents', incidents: { id: 'x' } } },
    { name: 'rules without a status', message: { type: 'rules', ok: true } },
  ])('ignores $name', ({ message }) => {
    const before = live();
    const after = reduce(before, rx(message, 50_000));
    expect(after.scopes).toBe(before.scopes);
    expect(after.seq).toBe(before.seq);
    expect(after.levels).toBe(before.levels);
    expect(after.incidents).toBe(before.incidents);
    expect(after.rules).toBe(before.rules);
  });

  it('a ping only refreshes "last heard"', () => {
    const s = reduce(live(), rx({ type: 'ping', seq: 6, asOf: 12_000 }, 13_000));
    expect(s.lastMessageAt).toBe(13_000);
    expect(s.lastDataAt).toBe(10_000);
  });

  it('levels replace the last ones: a scope back at normal is absent; unknown names are skipped', () => {
    const s = run(
      [
        rx({ type: 'levels', levels: { 'centre:hz': 'red', all: 'yellow' } }),
        rx({ type: 'levels', levels: { all: 'purple', 'centre:wh': 'orange', 'queue:hz/chat': 'normal' } }),
      ],
      live(),
    );
    expect(s.levels).toEqual({ 'centre:wh': 'orange' });
  });

  it('incidents replace the open list, skipping entries without the fields the screens need', () => {
    const s = run(
      [
        rx({ type: 'incidents', incidents: [incident({ id: 'a' }), incident({ id: 'b' })] }),
        rx({ type: 'incidents', incidents: [incident({ id: 'b', level: 'red' }), { id: 'c', level: 'red' }, incident({ id: 'd', level: 'mauve' as never })] }),
      ],
      live(),
    );
    expect(s.incidents.map((i) => [i.id, i.level])).toEqual([['b', 'red']]);
  });

  it('rules status', () => {
    const status = { ok: false, files: ['a.yaml'], rules: 3, loadedAt: 5, errors: ['a.yaml:4:12: unknown metric "wating"'] };
    expect(reduce(live(), rx({ type: 'rules', status })).rules).toEqual(status);
  });

  it('banners replace the list in force, one per incident, skipping malformed ones', () => {
    const fire = { text: 'RED: EVACUATE NOW', level: 'red', incidentId: 'INC-1', centre: 'wuhan', since: 5 };
    const surge = { text: 'YELLOW: Hangzhou busy', level: 'yellow', incidentId: 'INC-2', centre: 'hangzhou', since: 7 };
    const s = reduce(live(), rx({ type: 'banners', banners: [fire, surge, { text: '', level: 'red', incidentId: 'x', centre: 'wh' }, { text: 'no level', incidentId: 'y', centre: 'wh' }, { ...fire, level: 'normal' }, null] }));
    expect(s.banners).toEqual([fire, surge]);
    expect(reduce(s, rx({ type: 'banners', banners: [surge] })).banners).toEqual([surge]);
    expect(reduce(s, rx({ type: 'banners', banners: [] })).banners).toEqual([]);
    expect(reduce(s, rx({ type: 'banners' })).banners).toEqual([fire, surge]);
  });

  it('routing replaces the routes in force, one arrow per target, skipping malformed ones', () => {
    const s = reduce(
      live(),
      rx({
        type: 'routing',
        routes: [
          { id: 'r1', incidentId: 'i1', from: 'hz', to: [{ centre: 'wh', share: 0.3 }, { centre: 'sh', share: 1.5 }], media: 'voice', reason: 'plan', changedAt: 1, expiresAt: null },
          { from: 'wh', to: [{ centre: 'hz', share: 0 }, { share: 0.2 }] },
          { from: 'sh', to: 'hz', share: 0.2 },
        ],
      }),
    );
    expect(s.routes).toEqual([
      { from: 'hz', to: 'wh', share: 0.3, media: 'voice' },
      { from: 'hz', to: 'sh', share: 1, media: 'voice' },
    ]);
  });
});

describe('reduce: Redis epoch', () => {
  const emergency: SnapshotMessage['latest'] = [
    { type: 'levels', asOf: 900, levels: { 'centre:hz': 'black' } },
    { type: 'incidents', asOf: 900, incidents: [incident({ level: 'black' })] },
  ];
  const epoch = (id: string, extra: object = {}) => ({ type: 'epoch', asOf: 2_000, epoch: id, ...extra });
  // A screen in epoch e1 showing a black emergency with its banner and a re-routing.
  const inE1 = (): LiveState =>
    run(
      [
        rx(snapshot(5, undefined, 1_000, [epoch('e1', { asOf: 500 }) as SnapshotMessage['latest'][number], ...emergency])),
        rx({ type: 'banners', seq: 6, asOf: 950, banners: [{ text: 'BLACK: evacuate', level: 'black', incidentId: 'INC-1', centre: 'wh', since: 900 }] }),
        rx({ type: 'routing', seq: 7, asOf: 950, routes: [{ from: 'hz', to: [{ centre: 'wh', share: 0.5 }] }] }),
      ],
      opened(),
    );
  const cleared = { levels: {}, incidents: [], banners: [], routes: [] };

  it.each([
    { name: 'the first epoch is taken as it comes', from: live, message: epoch('e1', { seq: 6 }), epoch: 'e1', lost: null, kept: true },
    { name: 'the same epoch again changes nothing', from: inE1, message: epoch('e1', { seq: 8 }), epoch: 'e1', lost: null, kept: true },
    { name: 'a new epoch with its loss drops the old emergency', from: inE1, message: epoch('e2', { seq: 8, lostAt: 1_900, previous: 'e1' }), epoch: 'e2', lost: { at: 1_900, previous: 'e1', epoch: 'e2' }, kept: false },
    { name: 'a new epoch without a loss time dates it by asOf', from: inE1, message: epoch('e2', { seq: 8 }), epoch: 'e2', lost: { at: 2_000, previous: 'e1', epoch: 'e2' }, kept: false },
    { name: 'an epoch without an id is ignored', from: inE1, message: { type: 'epoch', seq: 8, asOf: 2_000 }, epoch: 'e1', lost: null, kept: true },
  ])('$name', ({ from, message, epoch: id, lost, kept }) => {
    const before = from();
    const after = reduce(before, rx(message));
    expect(after.epoch).toBe(id);
    expect(after.stateLost).toEqual(lost);
    if (kept) expect({ levels: after.levels, incidents: after.incidents, banners: after.banners, routes: after.routes }).toEqual({ levels: before.levels, incidents: before.incidents, banners: before.banners, routes: before.routes });
    else expect({ levels: after.levels, incidents: after.incidents, banners: after.banners, routes: after.routes }).toEqual(cleared);
    expect(after.scopes).toBe(before.scopes);
    expect(after.rules).toBe(before.rules);
  });

  it('a reconnect snapshot in a new epoch drops the old slices, then applies its own (epoch first, wherever it sits)', () => {
    const before = inE1();
    expect(before.banners).not.toEqual([]);
    const latest = [{ type: 'levels', asOf: 2_100, levels: { 'centre:wh': 'yellow' } }, epoch('e2', { lostAt: 1_900, previous: 'e1' })] as SnapshotMessage['latest'];
    const after = run([{ kind: 'closed', at: 20_000, code: 1006, reason: '' }, { kind: 'connecting', at: 21_000 }, { kind: 'open', at: 21_100 }, rx(snapshot(3, undefined, 2_200, latest), 21_200)], before);
    expect(after).toMatchObject({ epoch: 'e2', stateLost: { at: 1_900, previous: 'e1', epoch: 'e2' }, levels: { 'centre:wh': 'yellow' }, incidents: [], banners: [], routes: [] });
  });

  it('keeps the note of the loss through later news of the new epoch', () => {
    const lost = reduce(inE1(), rx(epoch('e2', { seq: 8, lostAt: 1_900, previous: 'e1' })));
    const later = run([rx({ type: 'incidents', seq: 9, asOf: 3_000, epoch: 'e2', incidents: [incident({ id: 'INC-new' })] })], lost);
    expect(later.stateLost).toEqual(lost.stateLost);
    expect(later.incidents.map((i) => i.id)).toEqual(['INC-new']);
  });
});

describe('reduce: history', () => {
  it('puts history before the live points', () => {
    const s = run([rx(snapshot(5, { 'centre:hz': metrics('centre:hz') }, 3_600_000), 3_600_000)], opened());
    const h = reduce(s, { kind: 'history', at: 3_600_000, scope: 'centre:hz', metric: 'waiting', points: [{ t: 60_000, v: 1 }, { t: 120_000, v: 2 }] });
    expect(h.trends['centre:hz']!.waiting!.map((p) => p.t)).toEqual([60_000, 120_000, 3_600_000]);
  });
});
