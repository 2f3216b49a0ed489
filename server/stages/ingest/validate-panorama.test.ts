/**
 * validateEvent on the panorama events of DESIGN.md ("Added for the full KPI panorama"): what
 * each accepts, how times inside an event are normalised, and the reason each wrong field gets.
 */
import { describe, expect, it } from 'vitest';
import { validateEvent, type Topology } from './validate.js';

const topology: Topology = { queuesByCentre: new Map([['hangzhou', new Set(['voice', 'complaints'])]]) };
const NOW = 1_800_000_000_000;
const time = { now: NOW, maxFutureSkewSec: 300, maxAgeSec: 86_400 };
const base = { ts: NOW - 1000, centre: 'hangzhou' };

const accepted = (value: Record<string, unknown>) => {
  const result = validateEvent(value, topology, time);
  if (!result.ok) throw new Error(`rejected: ${result.error}`);
  return result.event as unknown as Record<string, unknown>;
};
const errorOf = (value: unknown) => {
  const result = validateEvent(value, topology, time);
  return result.ok ? undefined : result.error;
};

const completed = { ...base, id: 'cc-1', type: 'contact.completed', contactId: 'c1', queue: 'voice', agentId: 'a1', handleSec: 120 };
const ticket = { ...base, id: 't-1', type: 'ticket.created', ticketId: 'T-1', kind: 'complaint' };
const attempt = { ...base, id: 'o-1', type: 'outbound.attempt', attemptId: 'A-1', campaign: 'renewals', purpose: 'service', result: 'connected' };
const ivrCall = { ...base, id: 'i-1', type: 'ivr.call', callId: 'call-1', phase: 'entered' };
const shift = { ...base, id: 's-1', type: 'agent.shift', agentId: 'a1', start: NOW - 3_600_000, end: NOW + 3_600_000 };

describe('contact.completed: customer, resolution and direction', () => {
  it('accepts them, each optional', () => {
    expect(accepted({ ...completed, customerId: 'cust-9', resolved: false, direction: 'outbound' })).toMatchObject({ customerId: 'cust-9', resolved: false, direction: 'outbound' });
    expect(accepted({ ...completed, resolved: true, direction: 'inbound' })).toMatchObject({ resolved: true, direction: 'inbound' });
    expect(accepted(completed)).not.toHaveProperty('direction');
  });

  it('rejects each wrong one with its reason', () => {
    expect(errorOf({ ...completed, resolved: 'yes' })).toBe('resolved must be true or false');
    expect(errorOf({ ...completed, resolved: 1 })).toBe('resolved must be true or false');
    expect(errorOf({ ...completed, direction: 'sideways' })).toBe('direction must be one of inbound, outbound');
    expect(errorOf({ ...completed, direction: 'Outbound' })).toBe('direction must be one of inbound, outbound');
    expect(errorOf({ ...completed, customerId: '' })).toBe('customerId must be a non-empty string');
    expect(errorOf({ ...completed, customerId: 'c'.repeat(201) })).toBe('customerId must be at most 200 characters');
  });
});

describe('ticket.created, ticket.updated, ticket.closed', () => {
  it('accepts a ticket with or without a queue and a due time, as epoch ms or ISO-8601, kept as epoch ms', () => {
    expect(accepted(ticket)).toEqual({ ...ticket });
    expect(accepted({ ...ticket, queue: 'complaints', dueAt: NOW + 86_400_000 })).toMatchObject({ queue: 'complaints', dueAt: NOW + 86_400_000 });
    expect(accepted({ ...ticket, dueAt: '2027-01-15T08:00:00+08:00' }).dueAt).toBe(Date.parse('2027-01-15T00:00:00Z'));
    expect(accepted({ ...base, id: 't-2', type: 'ticket.updated', ticketId: 'T-1', status: 'waiting-customer' })).toMatchObject({ status: 'waiting-customer' });
    expect(accepted({ ...base, id: 't-3', type: 'ticket.closed', ticketId: 'T-1' })).toMatchObject({ ticketId: 'T-1' });
  });

  it('rejects each wrong field with its reason', () => {
    expect(errorOf({ ...ticket, queue: 'nowhere' })).toBe('unknown queue "nowhere" in centre hangzhou');
    expect(errorOf({ ...ticket, kind: 'praise' })).toBe('kind must be one of request, complaint');
    expect(errorOf({ ...ticket, dueAt: 'tomorrow' })).toBe('dueAt must be epoch milliseconds or an ISO-8601 time with a zone');
    expect(errorOf({ ...ticket, dueAt: '2027-01-15T08:00:00' })).toBe('dueAt must be epoch milliseconds or an ISO-8601 time with a zone');
    expect(errorOf({ ...ticket, dueAt: -5 })).toBe('dueAt must be epoch milliseconds or an ISO-8601 time with a zone');
    const { kind: _, ...noKind } = ticket;
    expect(errorOf(noKind)).toBe('ticket.created needs kind');
    expect(errorOf({ ...base, id: 't-2', type: 'ticket.updated', ticketId: 'T-1' })).toBe('ticket.updated needs status');
    expect(errorOf({ ...base, id: 't-3', type: 'ticket.closed', ticketId: 7 })).toBe('ticketId must be a non-empty string');
  });
});

describe('outbound.attempt', () => {
  it('accepts an attempt with or without its agent', () => {
    expect(accepted(attempt)).toEqual(attempt);
    expect(accepted({ ...attempt, agentId: 'a1', result: 'no_answer', purpose: 'notice' })).toMatchObject({ agentId: 'a1', result: 'no_answer' });
  });

  it('rejects each wrong field with its reason', () => {
    expect(errorOf({ ...attempt, purpose: 'survey' })).toBe('purpose must be one of sales, service, notice');
    expect(errorOf({ ...attempt, result: 'answered' })).toBe('result must be one of connected, no_answer, busy, failed');
    expect(errorOf({ ...attempt, agentId: '' })).toBe('agentId must be a non-empty string');
    const { campaign: _, ...noCampaign } = attempt;
    expect(errorOf(noCampaign)).toBe('outbound.attempt needs campaign');
  });
});

describe('sms.sent and sms.received', () => {
  it('accepts a message with or without its purpose', () => {
    expect(accepted({ ...base, id: 'm-1', type: 'sms.sent', messageId: 'SM1', purpose: 'proactive' })).toMatchObject({ purpose: 'proactive' });
    expect(accepted({ ...base, id: 'm-2', type: 'sms.received', messageId: 'SM2' })).toMatchObject({ messageId: 'SM2' });
  });

  it('rejects a wrong purpose or a missing message id', () => {
    expect(errorOf({ ...base, id: 'm-1', type: 'sms.sent', messageId: 'SM1', purpose: 'spam' })).toBe('purpose must be one of proactive, reply, notice');
    expect(errorOf({ ...base, id: 'm-2', type: 'sms.received' })).toBe('sms.received needs messageId');
  });
});

describe('ivr.call', () => {
  it('accepts every phase, with the optional port, menu and error', () => {
    for (const phase of ['entered', 'transferred', 'ended', 'error']) expect(accepted({ ...ivrCall, phase }).phase).toBe(phase);
    expect(accepted({ ...ivrCall, phase: 'error', port: 'p-07', menu: 'billing', error: 'TTS timeout' })).toMatchObject({ port: 'p-07', menu: 'billing', error: 'TTS timeout' });
  });

  it('rejects each wrong field with its reason', () => {
    expect(errorOf({ ...ivrCall, phase: 'abandoned' })).toBe('phase must be one of entered, transferred, ended, error');
    expect(errorOf({ ...ivrCall, port: 3 })).toBe('port must be a non-empty string');
    expect(errorOf({ ...ivrCall, menu: '' })).toBe('menu must be a non-empty string');
    const { callId: _, ...noCall } = ivrCall;
    expect(errorOf(noCall)).toBe('ivr.call needs callId');
  });
});

describe('agent.shift', () => {
  it('accepts start and end as epoch ms or ISO-8601, normalised to epoch ms, with an optional seat type', () => {
    expect(accepted(shift)).toEqual(shift);
    const iso = accepted({ ...shift, start: '2027-01-15T09:00:00+08:00', end: '2027-01-15T01:30:00.500Z', seatType: 'home' });
    expect(iso).toMatchObject({ start: Date.parse('2027-01-15T01:00:00Z'), end: Date.parse('2027-01-15T01:30:00.500Z'), seatType: 'home' });
    expect(accepted({ ...shift, start: NOW, end: '2027-01-15T09:00:00Z' }).end).toBe(Date.parse('2027-01-15T09:00:00Z'));
  });

  it('rejects an end at or before its start, in either encoding', () => {
    expect(errorOf({ ...shift, end: shift.start })).toBe('end must be after start');
    expect(errorOf({ ...shift, start: '2027-01-15T10:00:00Z', end: Date.parse('2027-01-15T09:00:00Z') })).toBe('end must be after start');
  });

  it('rejects each wrong field with its reason', () => {
    expect(errorOf({ ...shift, start: 'nine' })).toBe('start must be epoch milliseconds or an ISO-8601 time with a zone');
    expect(errorOf({ ...shift, end: '2027-01-15 17:00' })).toBe('end must be epoch milliseconds or an ISO-8601 time with a zone');
    expect(errorOf({ ...shift, seatType: 'beach' })).toBe('seatType must be one of onsite, home, backup, phone_im');
    const { end: _, ...noEnd } = shift;
    expect(errorOf(noEnd)).toBe('agent.shift needs end');
  });
});
