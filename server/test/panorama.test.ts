// Issue #13 acceptance, live half: the same events as server/cli/replay-panorama.test.ts, POSTed to a
// running server, give the same hand-computed figures at /v1/metrics.
import { describe, expect, it } from 'vitest';
import { expectPanorama, PANORAMA_COSTS, panoramaEvents, READ_AFTER_MS } from './support/panorama.js';
import { api, TOKENS, useServer, waitUntil } from './support/env.js';

const app = useServer('panorama', (c) => {
  c.costs = { currency: PANORAMA_COSTS.currency, channels: { ...c.costs.channels, ...PANORAMA_COSTS.channels } };
  for (const centre of c.centres) if (centre.id === 'hangzhou' || centre.id === 'shanghai') centre.region = 'east';
});

describe('the live server: the director’s panorama', () => {
  it('serves the hand-computed figures for the posted events', async () => {
    // The figures are read READ_AFTER_MS after base, so base lies that far in the past (the windows hold it all).
    const base = Date.now() - READ_AFTER_MS;
    const events = panoramaEvents(base, app.prefix);
    const res = await api(app.base).postEvents(events.map((e) => JSON.stringify(e)).join('\n'));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: events.length, rejected: [] });
    const scopes = await waitUntil(async () => {
      const body = (await (await api(app.base).get('/v1/metrics', TOKENS.acd)).json()) as { scopes: Record<string, { windows: { '15m': { ivrEntered: number; completed: number } } }> };
      const w = body.scopes['centre:hangzhou']?.windows['15m'];
      return w?.ivrEntered === 5 && w.completed === 4 ? body.scopes : undefined;
    }, 'the panorama in the figures');
    expectPanorama(scopes as never, base);
  });
});
