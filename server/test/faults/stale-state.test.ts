/**
 * Memory bounded by the clock: an agent who never logs out and an IVR port that stops reporting
 * leave the live figures once they have had no news for `metrics.staleContactSec` /
 * `metrics.stalePortSec` by the pipeline's clock — with the centre silent, so no event moves them —
 * and the pruned state is committed as the centre's checkpoint, so a new term starts without them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../main.js';
import { createKeys } from '../../platform/redis/keys.js';
import { loadCheckpoint } from '../../stages/stream/checkpoint.js';
import { api, demoConfig, quietLogger, useRedis, waitUntil } from '../support/env.js';

const { prefix, redis } = useRedis('stale-state');
const keys = createKeys(prefix);
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
});

const STALE_SEC = 60;

type Centre = { scope: { agents: { staffed: number }; ivr: { idle: number; inCall: number } } };

describe('state without news', () => {
  it('is pruned at the step clock, and the prune is checkpointed', async () => {
    const config = demoConfig(prefix, (c) => {
      c.metrics.staleContactSec = STALE_SEC;
      c.metrics.stalePortSec = STALE_SEC;
    });
    let skew = 0;
    const clock = () => Date.now() + skew;
    server = await startServer(config, quietLogger(), { port: 0, clock });
    const base = `http://127.0.0.1:${server.port}`;
    const now = Date.now();
    const events = [
      { id: `${prefix}-a1`, type: 'agent.state', ts: now, centre: 'wuhan', agentId: 'never-logs-out', state: 'available', seatType: 'onsite', skills: ['voice'] },
      { id: `${prefix}-p1`, type: 'ivr.port', ts: now, centre: 'wuhan', port: 'p1', state: 'in_call' },
    ];
    expect((await api(base).postEvents(events.map((e) => JSON.stringify(e)).join('\n'))).status).toBe(202);
    const wuhan = async () => ((await (await api(base).get('/v1/metrics/centre:wuhan')).json()) as Centre).scope;
    await waitUntil(async () => (await wuhan()).agents.staffed === 1 && (await wuhan()).ivr.inCall === 1, 'the agent and the port in the figures');

    // Not yet stale: a minute less a few seconds later, they still count.
    skew = (STALE_SEC - 5) * 1000;
    await new Promise((r) => setTimeout(r, 300));
    expect(await wuhan()).toMatchObject({ agents: { staffed: 1 }, ivr: { inCall: 1 } });

    // Past the age, with no event since: gone from the figures and from the committed checkpoint.
    skew = (STALE_SEC + 1) * 1000;
    await waitUntil(async () => (await wuhan()).agents.staffed === 0 && (await wuhan()).ivr.inCall === 0, 'the agent and the port pruned');
    const checkpoint = await waitUntil(async () => {
      const saved = await loadCheckpoint(redis, keys, 'wuhan');
      return saved && saved.state.agents.length === 0 && saved.state.ivrPorts.length === 0 ? saved : undefined;
    }, 'the pruned state checkpointed');
    expect(checkpoint.state.watermark).toBe(now);
  }, 30_000);
});
