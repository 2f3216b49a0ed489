/**
 * Outbound campaigns: each centre's dialler team (agents `<centre>-ob01` …, on the dialler, not
 * on the ACD's inbound queues, so they take nothing from them) calls through its campaigns in
 * business hours. An attempt rings, then is connected (the agent talks and wraps up: a
 * `contact.completed` with direction outbound), unanswered, busy or failed; a missed service
 * call or notice is often followed by a text.
 *
 *   free dialler agent ─► ring ─► outbound.attempt ─┬─ connected ─► talk + wrap-up ─► contact.completed (outbound)
 *                          ▲                         └─ otherwise ─► (service, notice: sms.sent proactive)
 *                          └──────────────────────────── short pause ◄──┘
 */
import type { OutboundPurpose, OutboundResult } from '../stages/ingest/contract.js';
import { newCustomer } from './customers.js';
import { localHour } from './daily-curve.js';
import type { QueuePlan } from './sizing.js';
import { sendSms } from './sms.js';
import type { ServiceWorld } from './world.js';

const MIN = 60_000;

/** The campaigns every centre runs, with the share of attempts and the chance someone picks up. */
export const CAMPAIGNS: { campaign: string; purpose: OutboundPurpose; weight: number; connect: number }[] = [
  { campaign: 'renewals', purpose: 'sales', weight: 0.5, connect: 0.35 },
  { campaign: 'service-callbacks', purpose: 'service', weight: 0.3, connect: 0.5 },
  { campaign: 'payment-reminders', purpose: 'notice', weight: 0.2, connect: 0.45 },
];
/** How an attempt nobody answered ended. */
const MISSED: [Exclude<OutboundResult, 'connected'>, number][] = [
  ['no_answer', 0.6],
  ['busy', 0.15],
  ['failed', 0.25],
];

/** Dialler agents per Erlang of the centre's peak inbound voice traffic, at least one. */
const TEAM_PER_VOICE_ERLANG = 0.1;
/** The dialler works from 09:00 to 20:00 local; outside, the team checks back every quarter hour. */
const DIAL_HOURS: [number, number] = [9, 20];
const OFF_HOURS_CHECK_MS = 15 * 60_000;
const RING_MS: [number, number] = [8_000, 30_000];
const PAUSE_MS: [number, number] = [5_000, 20_000];
/** A missed service call or notice is followed by a text this often. */
const SMS_AFTER_MISSED = 0.5;
const TALK_SIGMA = 0.55;
const WRAP_UP_SHARE = 0.15;

/**
 * startOutbound sets a centre's dialler team going; its connected calls are reported on the
 * centre's first voice queue with that queue's handle time (the contract needs a queue).
 */
export function startOutbound(world: ServiceWorld, centreId: string, timezone: string, plans: readonly QueuePlan[]): void {
  const voice = plans.filter((p) => p.queue.media === 'voice');
  const home = voice[0]?.queue;
  if (!home) return;
  const erlangs = voice.reduce((sum, p) => sum + p.peakArrivalPerSec * p.queue.defaultAhtSec, 0);
  const team = Math.max(1, Math.round(erlangs * TEAM_PER_VOICE_ERLANG));
  const ahtMs = home.defaultAhtSec * 1000;

  const dial = (agentId: string): void => {
    const hour = localHour(world.now, timezone);
    if (hour < DIAL_HOURS[0] || hour >= DIAL_HOURS[1]) return world.after(OFF_HOURS_CHECK_MS, () => dial(agentId));
    const { campaign, purpose, connect } = world.aside.weighted(CAMPAIGNS.map((c) => [c, c.weight] as const));
    const connected = world.aside.chance(connect);
    const result: OutboundResult = connected ? 'connected' : world.aside.weighted(MISSED);
    world.after(world.aside.uniform(...RING_MS), () => {
      const attemptId = world.nextAsideId('ob');
      world.emit({ type: 'outbound.attempt', centre: centreId, attemptId, campaign, purpose, result, ...(connected ? { agentId } : {}) });
      if (!connected) {
        if (purpose !== 'sales' && world.aside.chance(SMS_AFTER_MISSED)) sendSms(world, centreId, 'proactive', 0);
        return world.after(world.aside.uniform(...PAUSE_MS), () => dial(agentId));
      }
      const talkMs = Math.max(1000, Math.round(world.aside.lognormal(ahtMs * (1 - WRAP_UP_SHARE), TALK_SIGMA)));
      const wrapMs = Math.round(world.aside.lognormal(ahtMs * WRAP_UP_SHARE, TALK_SIGMA));
      world.after(talkMs + wrapMs, () => {
        world.emit({
          type: 'contact.completed',
          centre: centreId,
          contactId: attemptId,
          queue: home.id,
          agentId,
          handleSec: talkMs / 1000,
          acwSec: wrapMs / 1000,
          customerId: newCustomer(world),
          direction: 'outbound',
        });
        world.after(world.aside.uniform(...PAUSE_MS), () => dial(agentId));
      });
    });
  };
  for (let i = 1; i <= team; i++) {
    const agentId = `${centreId}-ob${String(i).padStart(2, '0')}`;
    // The team does not all dial in the same second.
    world.after(world.aside.uniform(0, MIN), () => dial(agentId));
  }
}
