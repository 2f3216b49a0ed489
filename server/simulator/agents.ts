/**
 * The agent lifecycle and the `agent.state` / `contact.answered` / `contact.completed`
 * events it produces:
 *
 *   logged_out ─► available ─► on_contact ─► acw ─┬─► available …
 *                    ▲                            ├─► aux (break) ─► available
 *                    └────────────────────────────┴─► logged_out (end of shift)
 *
 * Handle times are lognormal around the queue's AHT, split into talk and after-call work.
 */
import type { AgentState, Media } from '../stages/ingest/contract.js';
import { contactOutcome } from './customers.js';
import { pickContact } from './routing.js';
import { sendSms } from './sms.js';
import { openTicket } from './tickets.js';
import type { QueueState, SimAgent, Waiting, World } from './world.js';

// After-call work as a share of the queue's AHT: wrap-up notes after a call, little after mail.
const ACW_SHARE: Record<Media, number> = { voice: 0.15, video: 0.15, chat: 0.1, social: 0.1, sms: 0.05, email: 0.05 };
const TALK_SIGMA = 0.55;
const ACW_SIGMA = 0.4;

/** Chance that an agent takes a break after a contact, and how long breaks last. */
const AUX_AFTER_CONTACT = 0.03;
const AUX_MEAN_MS = 6 * 60_000;
const AUX_REASONS: [string, number][] = [
  ['break', 0.6],
  ['coaching', 0.15],
  ['training', 0.15],
  ['meeting', 0.1],
];

/** Share of finished contacts followed by a proactive SMS (a confirmation, a survey) within minutes. */
const FOLLOW_UP_SMS = 0.06;
const FOLLOW_UP_DELAY_MS: [number, number] = [30_000, 120_000];

/** Idle agents whose shift ends log out within this long, not all in the same millisecond. */
const LOGOUT_SPREAD_MS = 60_000;

/** scheduleLogIn puts an agent on shift; it logs in after `delayMs` unless plans change first. */
export function scheduleLogIn(world: World, agent: SimAgent, delayMs: number, reason: string): void {
  agent.onShift = true;
  agent.leaving = false;
  const token = ++agent.token;
  world.after(delayMs, () => {
    if (agent.token !== token) return;
    agent.shiftStart = world.now;
    becomeAvailable(world, agent, reason);
  });
}

/** release ends an agent's shift: idle agents log out shortly, busy ones after their contact. */
export function release(world: World, agent: SimAgent): void {
  if (!agent.onShift || agent.leaving) return;
  if (agent.state === 'logged_out') {
    // Not logged in yet: cancel the pending log-in.
    agent.onShift = false;
    agent.token++;
    return;
  }
  agent.leaving = true;
  if (agent.state === 'available' || agent.state === 'aux') {
    const token = agent.token;
    world.after(world.random.uniform(0, LOGOUT_SPREAD_MS), () => {
      if (agent.token === token) logOut(world, agent, 'end of shift');
    });
  }
}

/** disconnect logs an agent out at once, cutting short the contact in hand (outages). */
export function disconnect(world: World, agent: SimAgent, reason: string): void {
  if (agent.state === 'logged_out') {
    agent.onShift = false;
    agent.token++;
    return;
  }
  const c = agent.contact;
  if (c) {
    const talkMs = Math.min(c.talkMs, world.now - c.answeredAt);
    const acwMs = agent.state === 'acw' ? world.now - c.answeredAt - c.talkMs : 0;
    complete(world, agent, talkMs, acwMs, true);
  }
  logOut(world, agent, reason);
}

/** answer connects a waiting contact to an available agent. */
export function answer(world: World, agent: SimAgent, queue: QueueState, contact: Waiting): void {
  const { queue: config, centre } = queue.plan;
  queue.waiting.splice(queue.waiting.indexOf(contact), 1);
  contact.state = 'answered';
  const ahtMs = config.defaultAhtSec * 1000;
  const acwShare = ACW_SHARE[config.media];
  const talkMs = Math.max(1000, Math.round(world.random.lognormal(ahtMs * (1 - acwShare), TALK_SIGMA)));
  const acwMs = Math.round(world.random.lognormal(ahtMs * acwShare, ACW_SIGMA));
  agent.contact = { contactId: contact.contactId, queue: config.id, answeredAt: world.now, talkMs, acwMs };
  world.emit({
    type: 'contact.answered',
    centre: centre.id,
    contactId: contact.contactId,
    queue: config.id,
    agentId: agent.id,
    waitSec: (world.now - contact.queuedAt) / 1000,
  });
  setState(world, agent, 'on_contact');
  const token = agent.token;
  world.after(talkMs, () => {
    if (agent.token !== token) return;
    setState(world, agent, 'acw');
    const acwToken = agent.token;
    world.after(acwMs, () => {
      if (agent.token !== acwToken) return;
      complete(world, agent, talkMs, acwMs, false);
      afterWork(world, agent);
    });
  });
}

// complete reports a contact finished, with its customer and resolution, and the work it leaves
// behind (a ticket, a follow-up text); `cutShort` when an outage ended it.
function complete(world: World, agent: SimAgent, talkMs: number, acwMs: number, cutShort: boolean): void {
  const c = agent.contact;
  if (!c) return;
  const centre = world.centre(agent.centre);
  const { customerId, resolved } = contactOutcome(world, centre, centre.queues.get(c.queue), cutShort);
  world.emit({
    type: 'contact.completed',
    centre: agent.centre,
    contactId: c.contactId,
    queue: c.queue,
    agentId: agent.id,
    handleSec: talkMs / 1000,
    acwSec: acwMs / 1000,
    customerId,
    resolved,
    direction: 'inbound',
  });
  agent.contact = undefined;
  openTicket(world, centre, c.queue, resolved);
  if (world.aside.chance(FOLLOW_UP_SMS)) sendSms(world, centre.id, 'proactive', world.aside.uniform(...FOLLOW_UP_DELAY_MS));
}

function afterWork(world: World, agent: SimAgent): void {
  if (agent.leaving) return logOut(world, agent, 'end of shift');
  if (!world.random.chance(AUX_AFTER_CONTACT)) return becomeAvailable(world, agent);
  setState(world, agent, 'aux', world.random.weighted(AUX_REASONS));
  const token = agent.token;
  world.after(world.random.lognormal(AUX_MEAN_MS, 0.5), () => {
    if (agent.token !== token) return;
    if (agent.leaving) logOut(world, agent, 'end of shift');
    else becomeAvailable(world, agent);
  });
}

function becomeAvailable(world: World, agent: SimAgent, reason?: string): void {
  setState(world, agent, 'available', reason);
  const next = pickContact(world.centre(agent.centre), agent);
  if (next) answer(world, agent, next.queue, next.contact);
}

function logOut(world: World, agent: SimAgent, reason: string): void {
  agent.onShift = false;
  agent.leaving = false;
  setState(world, agent, 'logged_out', reason);
}

function setState(world: World, agent: SimAgent, state: AgentState, reason?: string): void {
  agent.state = state;
  agent.since = world.now;
  agent.token++;
  world.emit({
    type: 'agent.state',
    centre: agent.centre,
    agentId: agent.id,
    state,
    seatType: agent.seatType,
    skills: [...agent.skills],
    ...(reason === undefined ? {} : { reason }),
  });
}
