/**
 * The director's panorama, hand-computed (issue #13 acceptance): one set of events for centre
 * `hangzhou` (queues voice and chat), and the figures they must give two minutes after `base`,
 * however they get in (`surge replay --json`, or POSTed to a live server). Every expected value
 * is worked out below from the events, never copied from output.
 */
import { expect } from 'vitest';
import type { MetricsByScope } from '../../stages/metrics/types.js';

/** The costs both configs set (CNY): per contact and per handled minute. */
export const PANORAMA_COSTS = {
  currency: 'CNY',
  channels: {
    voice: { perMinute: 0.5, perContact: 0.2 },
    chat: { perMinute: 0.1, perContact: 0.3 },
    ivr: { perMinute: 0, perContact: 0.018 },
    sms: { perMinute: 0, perContact: 0.015 },
  },
};

/** The instant the figures are read at: 120 s after `base`. */
export const READ_AFTER_MS = 120_000;

export function panoramaEvents(base: number, idPrefix: string): Record<string, unknown>[] {
  const s = (sec: number) => base + sec * 1000;
  const e = (n: string, sec: number, type: string, fields: Record<string, unknown>) => ({ id: `${idPrefix}-${n}`, type, ts: s(sec), centre: 'hangzhou', ...fields });
  const shift = (agentId: string, from: number, to: number) => e(`shift-${agentId}`, 0, 'agent.shift', { agentId, start: s(from), end: s(to) });
  const call = (n: string, sec: number, callId: string, phase: string) => e(n, sec, 'ivr.call', { callId, phase });
  return [
    // Agents: a1 (voice, billing) and a2 (chat) log in; a3 is scheduled but never logs in.
    e('g1', 0, 'agent.state', { agentId: 'a1', state: 'available', seatType: 'onsite', skills: ['voice', 'billing'] }),
    e('g2', 0, 'agent.state', { agentId: 'a2', state: 'available', seatType: 'onsite', skills: ['chat'] }),
    shift('a1', -3600, 7200),
    shift('a2', -3600, 7200),
    shift('a3', -3600, 7200),
    shift('a4', -7200, -3600), // ended an hour before base: not scheduled now
    // Contacts.
    e('q1', 1, 'contact.queued', { contactId: 'k1', queue: 'voice', media: 'voice' }),
    e('q2', 2, 'contact.queued', { contactId: 'k2', queue: 'voice', media: 'voice' }),
    e('a1', 11, 'contact.answered', { contactId: 'k1', queue: 'voice', agentId: 'a1' }),
    e('a3', 20, 'contact.answered', { contactId: 'k3', queue: 'chat', agentId: 'a2', waitSec: 5 }), // first seen at its answer
    e('a2', 32, 'contact.answered', { contactId: 'k2', queue: 'voice', agentId: 'a1' }),
    e('x5', 40, 'contact.abandoned', { contactId: 'k5', queue: 'voice' }), // first seen at its abandon
    e('q5', 41, 'contact.queued', { contactId: 'k5', queue: 'voice', media: 'voice' }), // told late: not offered twice
    e('c1', 71, 'contact.completed', { contactId: 'k1', queue: 'voice', agentId: 'a1', handleSec: 60, customerId: 'cust-a', resolved: true }),
    e('c3', 80, 'contact.completed', { contactId: 'k3', queue: 'chat', agentId: 'a2', handleSec: 120, customerId: 'cust-b', resolved: true }),
    e('c2', 90, 'contact.completed', { contactId: 'k2', queue: 'voice', agentId: 'a1', handleSec: 50, acwSec: 10, customerId: 'cust-a', resolved: false }),
    e('c4', 92, 'contact.completed', { contactId: 'k4', queue: 'voice', agentId: 'a1', handleSec: 30, direction: 'outbound' }),
    e('g3', 95, 'agent.state', { agentId: 'a1', state: 'on_contact', seatType: 'onsite', skills: ['voice', 'billing'] }),
    // Tickets.
    e('t1', 5, 'ticket.created', { ticketId: 't1', queue: 'voice', kind: 'request', dueAt: s(60) }),
    e('t2', 6, 'ticket.created', { ticketId: 't2', kind: 'complaint', dueAt: s(30) }),
    e('t3', 7, 'ticket.created', { ticketId: 't3', queue: 'voice', kind: 'complaint', dueAt: s(100) }),
    e('t4', 8, 'ticket.created', { ticketId: 't4', kind: 'request' }),
    e('t5', 9, 'ticket.created', { ticketId: 't5', queue: 'chat', kind: 'request', dueAt: s(86_400) }),
    e('t1x', 50, 'ticket.closed', { ticketId: 't1' }), // by its due time (60)
    e('t2x', 70, 'ticket.closed', { ticketId: 't2' }), // after its due time (30)
    // Outbound attempts.
    e('o1', 21, 'outbound.attempt', { attemptId: 'o1', campaign: 'renew', purpose: 'sales', result: 'connected' }),
    e('o2', 22, 'outbound.attempt', { attemptId: 'o2', campaign: 'care', purpose: 'service', result: 'no_answer' }),
    e('o3', 23, 'outbound.attempt', { attemptId: 'o3', campaign: 'outage', purpose: 'notice', result: 'connected' }),
    e('o4', 24, 'outbound.attempt', { attemptId: 'o4', campaign: 'care', purpose: 'service', result: 'connected' }),
    // SMS.
    e('m1', 25, 'sms.sent', { messageId: 'm1', purpose: 'proactive' }),
    e('m2', 26, 'sms.sent', { messageId: 'm2', purpose: 'reply' }),
    e('m3', 27, 'sms.sent', { messageId: 'm3', purpose: 'notice' }),
    e('m4', 28, 'sms.sent', { messageId: 'm4' }),
    e('r1', 29, 'sms.received', { messageId: 'r1' }),
    // IVR: ports, and five callers.
    e('p2', 5, 'ivr.port', { port: 'p2', state: 'idle' }),
    e('p1', 14, 'ivr.port', { port: 'p1', state: 'in_call', callId: 'v3', menu: 'billing' }),
    call('v1e', 10, 'v1', 'entered'),
    call('v2e', 12, 'v2', 'entered'),
    call('v3e', 14, 'v3', 'entered'),
    call('v4e', 16, 'v4', 'entered'),
    call('v5e', 18, 'v5', 'entered'),
    call('v4!', 20, 'v4', 'error'),
    call('v5t', 25, 'v5', 'transferred'),
    call('v2t', 30, 'v2', 'transferred'),
    call('v1x', 40, 'v1', 'ended'),
    call('v4x', 50, 'v4', 'ended'),
    call('v5x', 60, 'v5', 'ended'), // ended after its transfer: not contained
  ];
}

/** expectPanorama checks every figure of the panorama against the hand computation. */
export function expectPanorama(scopes: MetricsByScope, base: number): void {
  const centre = scopes['centre:hangzhou']!;
  const voice = scopes['queue:hangzhou/voice']!;
  const chat = scopes['queue:hangzhou/chat']!;
  const billing = scopes['skill:hangzhou/billing']!;
  const c = centre.windows['15m'];
  const v = voice.windows['15m'];

  // Offered covers every answer and abandon: voice k1, k2 (queued) + k5 (first seen abandoning; its late
  // queued not counted again) = 3 ≥ 2 answered + 1 abandoned; chat k3 (first seen answered) = 1.
  expect(v).toMatchObject({ offered: 3, answered: 2, abandoned: 1 });
  expect(chat.windows['15m']).toMatchObject({ offered: 1, answered: 1 });

  // FCR as stated: voice k1 resolved, k2 not (k4 says nothing) → 1 ÷ 2; centre adds chat k3 resolved → 2 ÷ 3.
  expect(v).toMatchObject({ completed: 3, resolved: 1, resolvedKnown: 2, fcr: 0.5 });
  expect(c).toMatchObject({ completed: 4, resolved: 2, resolvedKnown: 3 });
  expect(c.fcr).toBe(2 / 3);
  // FCR by repeat: cust-a completes k1 then k2 (a repeat); cust-b once; k4 names no customer.
  // Voice 1 ÷ 2 → fcrByRepeat 1 − 0.5; centre 1 ÷ 3 → 1 − 1/3.
  expect(v).toMatchObject({ customerContacts: 2, repeatContacts: 1, repeatRate: 0.5, fcrByRepeat: 0.5 });
  expect(c).toMatchObject({ customerContacts: 3, repeatContacts: 1 });
  expect(c.repeatRate).toBe(1 / 3);
  expect(c.fcrByRepeat).toBe(1 - 1 / 3);
  expect(c.outboundCompleted).toBe(1); // k4

  // Tickets: created t1–t5 (complaints t2, t3); closed t1 at 50 (due 60: on time), t2 at 70 (due 30: late).
  expect(c).toMatchObject({ ticketsCreated: 5, complaintsCreated: 2, ticketsClosed: 2, complaintsClosed: 1, closedWithDue: 2, closedOnTime: 1, onTimeRate: 0.5 });
  // Voice holds t1 and t3: t1 closed on time → 1 ÷ 1.
  expect(v).toMatchObject({ ticketsCreated: 2, complaintsCreated: 1, ticketsClosed: 1, closedWithDue: 1, closedOnTime: 1, onTimeRate: 1 });
  // Open at base + 120 s: t3 (due 100: overdue, a complaint), t4 (no due time), t5 (due tomorrow).
  expect(centre.backlog).toEqual({ open: 3, overdue: 1, complaintsOpen: 1 });
  expect(voice.backlog).toEqual({ open: 1, overdue: 1, complaintsOpen: 1 });
  expect(chat.backlog).toEqual({ open: 1, overdue: 0, complaintsOpen: 0 });

  // Outbound: 4 attempts, o1 o3 o4 connected → 3 ÷ 4; proactive services o2 o3 o4 (service/notice).
  expect(c).toMatchObject({ outboundAttempts: 4, outboundConnected: 3, connectRate: 0.75, proactiveServices: 3 });
  // SMS: 4 sent, m1 (proactive) and m3 (notice) proactive; 1 received.
  expect(c).toMatchObject({ smsSent: 2 + 2, smsProactiveSent: 2, smsReceived: 1 });

  // IVR: v1–v5 entered; v2, v5 transferred; v1, v4 ended without transfer (v5's end follows its transfer);
  // containment 2 ÷ (2 + 2); one error (v4).
  expect(c).toMatchObject({ ivrEntered: 5, ivrTransferred: 2, ivrContained: 2, containmentRate: 0.5, ivrErrors: 1 });
  // In the IVR: 1 at 10 s, 2 at 12, 3 at 14, 4 at 16, 5 at 18 (the peak), then down to v3 alone.
  expect(centre.ivr).toMatchObject({ callsNow: 1, peakToday: 5, inCall: 1, idle: 1 });
  expect(centre.ivrPortsDetail).toEqual([
    { port: 'p1', state: 'in_call', callId: 'v3', menu: 'billing', lastActivityAt: base + 14_000 },
    { port: 'p2', state: 'idle', lastActivityAt: base + 5_000 },
  ]);

  // Attendance: a1, a2, a3 scheduled now (a4's shift ended); a1 and a2 staffed → 2 ÷ 3.
  expect(centre.attendance).toEqual({ scheduled: 3, present: 2, rate: 2 / 3 });
  // Busy rate = occupancy: a1 on contact, a2 available → 1 ÷ 2.
  expect(centre.busyRate).toBe(0.5);
  expect(centre.busyRate).toBe(centre.occupancy);

  // Cost (CNY): voice k1 0.2 + 0.5 × 60/60 = 0.7; k2 0.2 + 0.5 × (50 + 10)/60 = 0.7; k4 0.2 + 0.5 × 30/60 = 0.45
  // → 1.85 over 3; chat k3 0.3 + 0.1 × 120/60 = 0.5; IVR contained 2 × 0.018; proactive SMS 2 × 0.015.
  const voiceCost = 0.7 + 0.7 + 0.45;
  const centreCost = voiceCost + 0.5 + 2 * 0.018 + 2 * 0.015;
  expect(v.cost).toBeCloseTo(voiceCost, 12);
  expect(v.costedContacts).toBe(3);
  expect(v.costPerContact).toBeCloseTo(voiceCost / 3, 12);
  expect(c.cost).toBeCloseTo(centreCost, 12);
  expect(c.costedContacts).toBe(3 + 1 + 2 + 2);
  expect(c.costPerContact).toBeCloseTo(centreCost / 8, 12); // 2.416 ÷ 8 = 0.302
  expect(centre.costCurrency).toBe('CNY');

  // Skill billing: a1's contacts — answered k1, k2; completed k1, k2, k4 — and a1 itself.
  expect(billing.windows['15m']).toMatchObject({ answered: 2, completed: 3, fcr: 0.5, repeatRate: 0.5 });
  expect(billing.windows['15m'].cost).toBeCloseTo(voiceCost, 12);
  expect(billing.agents).toMatchObject({ staffed: 1, onContact: 1 });

  // Region east is hangzhou with (silent) shanghai: the same figures.
  const east = scopes['region:east']!;
  expect(east.windows['15m']).toMatchObject({ completed: 4, ticketsCreated: 5, ivrContained: 2, outboundAttempts: 4 });
  expect(east.windows['15m'].fcr).toBe(2 / 3);
  expect(east.backlog).toEqual(centre.backlog);
  expect(east.attendance).toEqual(centre.attendance);
}
