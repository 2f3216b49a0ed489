import { describe, expect, it } from 'vitest';
import type { Delivery, SmsRecord } from '../src/lib/api/types.js';
import { deliveriesOfIncident, deliveryIncident, deliveryStatusName, deliveryTone, retryPath, smsOfIncident, smsStatusName, smsTone } from '../src/lib/deliveries.js';

const sms = (sid: string, incidentId?: string): SmsRecord => ({ sid, status: 'sent', createdAt: 1, updatedAt: 1, ...(incidentId ? { incidentId } : {}) });
const delivery = (id: string, data: Record<string, unknown>): Delivery => ({
  event: { id, type: 'seats.activate', centre: 'hz', data },
  status: 'dead',
  attempts: 6,
  createdAt: 1,
  updatedAt: 1,
  history: [],
});

describe('SMS status', () => {
  it.each([
    ['queued', 'plain', 'queued'],
    ['sent', 'plain', 'sent'],
    ['delivered', 'good', 'delivered'],
    ['undelivered', 'bad', 'undelivered'],
    ['failed', 'bad', 'failed'],
    ['logged', 'muted', 'not sent (no Twilio)'],
  ])('%s: tone %s, shown as %s', (status, tone, name) => {
    expect(smsTone(status)).toBe(tone);
    expect(smsStatusName(status)).toBe(name);
  });
});

describe('webhook deliveries', () => {
  it.each([
    ['pending', 'plain', 'pending'],
    ['delivered', 'good', 'delivered'],
    ['failed', 'warn', 'failed, retrying'],
    ['dead', 'bad', 'dead letter'],
    ['skipped', 'muted', 'skipped'],
  ] as const)('%s: tone %s, shown as %s', (status, tone, name) => {
    expect(deliveryTone(status)).toBe(tone);
    expect(deliveryStatusName(status)).toBe(name);
  });

  it('encodes the id in the retry path', () => {
    expect(retryPath('seats.activate.INC-1:orange:p:1')).toBe('/v1/deliveries/seats.activate.INC-1%3Aorange%3Ap%3A1/retry');
  });

  it('reads the incident from the event data', () => {
    expect([deliveryIncident(delivery('a', { incidentId: 'INC-1' })), deliveryIncident(delivery('b', { incidentId: 7 })), deliveryIncident(delivery('c', {}))]).toEqual(['INC-1', null, null]);
  });

  it('keeps one incident’s SMS and webhooks (the report)', () => {
    expect(smsOfIncident([sms('1', 'INC-1'), sms('2', 'INC-2'), sms('3')], 'INC-1').map((m) => m.sid)).toEqual(['1']);
    expect(deliveriesOfIncident([delivery('a', { incidentId: 'INC-2' }), delivery('b', { incidentId: 'INC-1' })], 'INC-1').map((d) => d.event.id)).toEqual(['b']);
  });
});
