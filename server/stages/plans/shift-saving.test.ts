/** priceShift: what moving contacts off the agents saved, from the costs config. */
import { describe, expect, it } from 'vitest';
import type { CostsSettings } from '../metrics/config.js';
import { priceShift } from './shift-saving.js';

// The operator study of DESIGN.md: a hotline contact 0.77 yuan, IVR self-service 0.018, web/SMS 0.015.
const costs: CostsSettings = {
  currency: 'CNY',
  channels: { voice: { perContact: 0.17, perMinute: 0.15 }, chat: { perContact: 0, perMinute: 0 }, email: { perContact: 0, perMinute: 0 }, sms: { perContact: 0.015, perMinute: 0 }, video: { perContact: 0, perMinute: 0 }, social: { perContact: 0, perMinute: 0 }, ivr: { perContact: 0.018, perMinute: 0 }, web: { perContact: 0.015, perMinute: 0 } },
};

describe('priceShift', () => {
  it('prices reminders against the measured agent contact: 200 × (0.77 − 0.015) = 151', () => {
    expect(priceShift({ contacts: 200, to: 'sms' }, costs, 0.77, 240)).toEqual({ currency: 'CNY', agentContact: 0.77, replacement: 0.015, total: 151, basis: 'measured today' });
  });

  it('prices a self-service link as the SMS plus the web visit: 10 × (0.77 − 0.03) = 7.4', () => {
    expect(priceShift({ contacts: 10, to: 'self-service' }, costs, 0.77, 240)).toMatchObject({ replacement: 0.03, total: 7.4 });
  });

  it('falls back to the voice rates at the default handle time: 0.17 + 0.15 × 4 min = 0.77', () => {
    expect(priceShift({ contacts: 100, to: 'sms' }, costs, null, 240)).toEqual({ currency: 'CNY', agentContact: 0.77, replacement: 0.015, total: 75.5, basis: 'voice rates at the default handle time' });
  });

  it('saves nothing on a callback (an agent still makes it) or with no costs configured', () => {
    expect(priceShift({ contacts: 30, to: 'callback' }, costs, 0.77, 240).total).toBe(0);
    const free: CostsSettings = { currency: 'CNY', channels: Object.fromEntries(Object.keys(costs.channels).map((c) => [c, { perContact: 0, perMinute: 0 }])) as CostsSettings['channels'] };
    expect(priceShift({ contacts: 30, to: 'sms' }, free, null, 240).total).toBe(0);
  });

  it('says so when the new channel costs more than the agent', () => {
    expect(priceShift({ contacts: 4, to: 'sms' }, { ...costs, channels: { ...costs.channels, sms: { perContact: 1, perMinute: 0 } } }, 0.5, 240).total).toBe(-2);
  });
});
