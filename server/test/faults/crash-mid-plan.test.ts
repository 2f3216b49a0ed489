/**
 * kill -9 the server in the middle of a plan (a webhook hanging at the ACD), start it again:
 * the plan completes, and nobody gets an SMS twice nor the ACD a second event for one step.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { api, removeKeys, uniquePrefix, waitUntil, writeRulesFolder } from '../support/env.js';
import { FakeAcd } from '../../testkit/fake-acd.js';
import { FakeTwilio } from '../../testkit/fake-twilio.js';
import { AUTH_TOKEN, PLANS, processConfig, RULES, SECRET, traffic } from '../support/plan-world.js';
import { SurgeProcess } from '../../testkit/process.js';

const prefix = uniquePrefix('crash-plan');
afterAll(() => removeKeys(prefix));

describe('a server killed mid-plan', () => {
  it('completes the plan after a restart with no duplicate SMS or webhook', async () => {
    const fakeTwilio = await FakeTwilio.start(AUTH_TOKEN);
    const fakeAcd = await FakeAcd.start(SECRET);
    const folder = writeRulesFolder(RULES, PLANS);
    const config = processConfig(prefix, folder, { twilio: fakeTwilio, acd: fakeAcd, acdTimeoutMs: 20_000 }, [[['notify'], { repeatEverySec: 300, escalateAfterSec: 600 }]]);
    const t = traffic(prefix);
    try {
      fakeAcd.mode = 'hang';
      const first = await SurgeProcess.start(config);
      await api(first.base).postEvents(t.spare());
      await api(first.base).postEvents(t.queue(6)); // orange: alerts, seats (webhook hangs)
      await waitUntil(() => fakeAcd.verified.some((w) => w.json.type === 'seats.activate'), 'the seats webhook to reach the ACD', 20_000);
      await first.kill('SIGKILL');

      fakeAcd.mode = 'ok';
      const second = await SurgeProcess.start(config);
      await api(second.base).postEvents(t.queue(3)); // red: re-routing
      await waitUntil(() => fakeAcd.received.some((w) => w.json.type === 'seats.activate'), 'the seats webhook delivered after the restart', 40_000);
      await waitUntil(() => fakeAcd.received.some((w) => w.json.type === 'routing.changed'), 'the routing change', 40_000);
      // Jobs the killed worker held are handed over once their lock lapses (10 s): wait for the alerts, not a fixed time.
      await waitUntil(() => fakeTwilio.messages.length >= 3, 'the alerts and the seat call-outs', 40_000);
      await new Promise((r) => setTimeout(r, 2000)); // anything duplicated would arrive now
      await second.kill('SIGTERM');

      const ids = fakeAcd.received.map((w) => w.json.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(fakeAcd.received.filter((w) => w.json.type === 'seats.activate')).toHaveLength(1);
      expect(fakeAcd.received.filter((w) => w.json.type === 'routing.changed')).toHaveLength(1);
      const to = fakeTwilio.messages.map((m) => m.To);
      expect(to.length).toBeGreaterThanOrEqual(3); // duty manager, echelon, seat call-outs
      expect(new Set(to).size).toBe(to.length); // nobody twice
    } finally {
      await fakeTwilio.close();
      await fakeAcd.close();
    }
  }, 120_000);
});
