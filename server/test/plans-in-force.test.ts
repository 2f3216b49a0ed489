/**
 * Re-routes and standby seats that outlast their level: a re-route's `expiresAfter` restores the
 * routing by itself (the fake ACD receives the restore), and resolving an incident with re-routes
 * or seats still in force asks what to do with them — 409 without a choice, `undo` now, or keep
 * them until a time, when they are undone by themselves. A screen connecting to another instance
 * gets the banners and routing in force in its snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer } from '../main.js';
import { api, quietLogger, TOKENS, uniquePrefix, waitUntil } from './support/env.js';
import { CALM_NOTIFY, setUp, tearDown, traffic, type PlanWorld } from './support/plan-world.js';

// Fires re-route for 2 s; epidemics re-route until undone, call a seat in and put a banner up; both undo on confirmation.
const PLANS = `
plans:
  - name: fire-red
    level: red
    type: fire
    undo: confirm
    actions:
      - reroute: { queue: voice, share: 30%, expiresAfter: 2s }
  - name: epidemic-red
    level: red
    type: epidemic
    undo: confirm
    actions:
      - reroute: { queue: voice, share: 20% }
      - activateSeats: { seatType: home, count: 1 }
      - banner: { text: "RED: epidemic at Wuhan" }
`;

interface StepView {
  key: string;
  kind: string;
  state: string;
  detail: string;
  note?: { code: string; params: Record<string, string | number> };
  keptUntil?: number;
}
interface RoutingData {
  from: string;
  to: unknown[];
  restore?: boolean;
  changedAt: number;
  expiresAt: number | null;
}

const prefix = uniquePrefix('plans-in-force');
let w: PlanWorld;

const post = (path: string, body: object) =>
  fetch(`${w.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const getJson = async <T>(path: string): Promise<T> => (await (await api(w.base).get(path, TOKENS.dispatcher)).json()) as T;
const steps = async (incident: string) => (await getJson<{ steps: StepView[] }>(`/v1/plan-steps?incident=${incident}`)).steps;
const webhooks = (type: string, id?: string) => w.fakeAcd.received.filter((h) => h.json.type === type && (id === undefined || h.json.id === id));

/** declare opens a red incident of `type` at Wuhan and waits until its plan steps are done. */
async function declare(type: string, kinds: number): Promise<{ id: string; steps: StepView[] }> {
  const res = await post('/v1/incidents', { type, centre: 'wuhan', level: 'red', note: 'test' });
  expect(res.status).toBe(201);
  const { incident } = (await res.json()) as { incident: { id: string } };
  const done = await waitUntil(async () => {
    const all = await steps(incident.id);
    return all.length === kinds && all.every((s) => s.state === 'done') && all;
  }, `the ${type} plan done`);
  return { id: incident.id, steps: done };
}

describe('re-routes and seats in force', () => {
  beforeAll(async () => {
    w = await setUp(prefix, CALM_NOTIFY, { plans: PLANS });
    await api(w.base).postEvents(traffic(prefix).spare());
    await waitUntil(async () => {
      const m = (await (await api(w.base).get('/v1/metrics/centre:shanghai')).json()) as { scope: { agents: { available: number } } };
      return m.scope.agents.available === 10;
    }, 'the idle agents in the figures');
  }, 30_000);
  afterAll(() => tearDown(w, prefix));

  it('restores a re-route once its expiresAfter has passed, while the level stands', async () => {
    const fire = await declare('fire', 1);
    const key = fire.steps[0]!.key;
    const change = webhooks('routing.changed', `routing.${key}`)[0]!.json.data as unknown as RoutingData;
    expect(change.expiresAt).toBe(change.changedAt + 2000);

    const restore = await waitUntil(() => webhooks('routing.changed', `routing.restore.${key}`)[0], 'the routing restored by its expiry');
    const data = restore.json.data as unknown as RoutingData;
    expect(data).toMatchObject({ from: 'wuhan', to: [], restore: true });
    expect(data.changedAt).toBeGreaterThanOrEqual(change.expiresAt!);
    expect((await getJson<{ inForce: unknown[] }>('/v1/routing')).inForce).toHaveLength(0);
    const [step] = await waitUntil(async () => {
      const s = await steps(fire.id);
      return s[0]?.state === 'undone' && s;
    }, 'the step marked undone');
    expect(step!.detail).toMatch(/^expired: routing of wuhan\/voice restored/);
    expect(step!.note).toEqual({ code: 'step.routingRestored', params: { why: 'expired', from: 'wuhan', queue: 'voice' } });
    const { history } = await getJson<{ history: { id: string; reason: string; reasonNote?: unknown }[] }>('/v1/routing');
    expect(history.find((h) => h.id === `routing.restore.${key}`)).toMatchObject({ reason: 'expired: routing restored', reasonNote: { code: 'reroute.restored', params: { why: 'expired' } } });
    const { incident } = await getJson<{ incident: { state: string; level: string } }>(`/v1/incidents/${fire.id}`);
    expect(incident).toMatchObject({ state: 'open', level: 'red' });

    // Resolving now finds nothing in force: it just resolves, and no second restore is sent.
    expect((await post(`/v1/incidents/${fire.id}/resolve`, { reason: 'fire out' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(webhooks('routing.changed', `routing.restore.${key}`)).toHaveLength(1);
  }, 30_000);

  it('gives a screen connecting to a newer instance the banners and routing in force in its snapshot', async () => {
    const epidemic = await declare('epidemic', 3);
    const newer = await startServer(w.config, quietLogger(), { port: 0 });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${newer.port}/v1/live?token=${TOKENS.display}`);
      const snapshot = await new Promise<{ latest: { type: string; banners?: { incidentId: string; text: string }[]; routes?: { from: string; incidentId: string }[] }[] }>((resolve, reject) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data))));
        ws.once('error', reject);
      });
      ws.close();
      const latest = Object.fromEntries(snapshot.latest.map((m) => [m.type, m]));
      expect(latest.banners?.banners).toEqual([expect.objectContaining({ incidentId: epidemic.id, text: 'RED: epidemic at Wuhan' })]);
      expect(latest.routing?.routes).toEqual([expect.objectContaining({ incidentId: epidemic.id, from: 'wuhan' })]);
    } finally {
      await newer.stop();
    }
    expect((await post(`/v1/incidents/${epidemic.id}/resolve`, { reason: 'over', inForce: 'undo' })).status).toBe(200);
    await waitUntil(async () => (await steps(epidemic.id)).every((s) => s.state === 'undone'), 'every step undone');
  }, 30_000);

  it('answers 409 listing what is in force, then undoes it all at once when told to', async () => {
    const epidemic = await declare('epidemic', 3);
    const refused = await post(`/v1/incidents/${epidemic.id}/resolve`, { reason: 'over' });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: string; inForce: { step: string; kind: string }[] };
    expect(body.error).toMatch(/still in force: re-route \(red\).*standby seats \(red\)/);
    expect(body.inForce.map((i) => i.kind).sort()).toEqual(['activateSeats', 'reroute']);
    expect((body.inForce as { kind: string; note?: { code: string } }[]).find((i) => i.kind === 'reroute')?.note?.code).toBe('step.rerouted');
    expect((await getJson<{ inForce: unknown[] }>(`/v1/incidents/${epidemic.id}/in-force`)).inForce).toHaveLength(2);
    expect((await getJson<{ incident: { state: string } }>(`/v1/incidents/${epidemic.id}`)).incident.state).toBe('open');
    expect((await post(`/v1/incidents/${epidemic.id}/resolve`, { reason: 'over', inForce: 'later' })).status).toBe(400);

    const resolved = await post(`/v1/incidents/${epidemic.id}/resolve`, { reason: 'over', inForce: 'undo' });
    expect(resolved.status).toBe(200);
    expect(((await resolved.json()) as { incident: { state: string } }).incident.state).toBe('resolved');
    const reroute = epidemic.steps.find((s) => s.kind === 'reroute')!.key;
    const seats = epidemic.steps.find((s) => s.kind === 'activateSeats')!.key;
    await waitUntil(() => webhooks('routing.changed', `routing.restore.${reroute}`).length === 1, 'the routing restored');
    await waitUntil(() => webhooks('seats.release', `seats.release.${seats}`).length === 1, 'the seats released');
    await waitUntil(async () => (await steps(epidemic.id)).every((s) => s.state === 'undone'), 'both steps undone');
    expect((await getJson<{ inForce: unknown[] }>(`/v1/incidents/${epidemic.id}/in-force`)).inForce).toHaveLength(0);
    expect((await getJson<{ seats: unknown[] }>('/v1/seats')).seats).toHaveLength(0);
  }, 30_000);

  it('keeps them in force until the time chosen, then undoes them by itself', async () => {
    const epidemic = await declare('epidemic', 3);
    expect((await post(`/v1/incidents/${epidemic.id}/resolve`, { reason: 'over', inForce: { keepUntil: Date.now() - 1000 } })).status).toBe(400);
    const keepUntil = Date.now() + 3000;
    const resolved = await post(`/v1/incidents/${epidemic.id}/resolve`, { reason: 'over', inForce: { keepUntil: new Date(keepUntil).toISOString() } });
    expect(resolved.status).toBe(200);
    // The undos resolving started wait for the time chosen: none asks the dispatcher again.
    const kept = await steps(epidemic.id);
    expect(kept.filter((s) => s.kind !== 'banner').map((s) => s.keptUntil)).toEqual([keepUntil, keepUntil]);
    expect(kept.filter((s) => s.kind !== 'banner').map((s) => s.note)).toEqual([0, 1].map(() => ({ code: 'step.keptInForce', params: { until: keepUntil } })));
    expect(kept.every((s) => s.state !== 'awaiting undo confirmation')).toBe(true);

    const reroute = epidemic.steps.find((s) => s.kind === 'reroute')!.key;
    const seats = epidemic.steps.find((s) => s.kind === 'activateSeats')!.key;
    const restore = await waitUntil(() => webhooks('routing.changed', `routing.restore.${reroute}`)[0], 'the routing restored at the time chosen');
    expect((restore.json.data as unknown as RoutingData).changedAt).toBeGreaterThanOrEqual(keepUntil);
    await waitUntil(() => webhooks('seats.release', `seats.release.${seats}`).length === 1, 'the seats released');
    await waitUntil(async () => (await steps(epidemic.id)).every((s) => s.state === 'undone'), 'both steps undone');
    const audit = (await (await api(w.base).get('/v1/audit', 'demo-admin-token')).json()) as { entries: { action: string; target: string; details?: { inForce: unknown } }[] };
    expect(audit.entries.find((e) => e.action === 'incident.resolve.in-force' && e.target === epidemic.id)?.details?.inForce).toEqual({ keepUntil });
  }, 30_000);
});
