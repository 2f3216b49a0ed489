/**
 * SmsStore against the real Redis: receipts move a message forward only, even when they
 * come out of order or before the send was recorded; numbers are stored masked; and
 * GET /v1/sms shows the newest first to dispatchers.
 */
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../../platform/redis/keys.js';
import { demoConfig, TOKENS, useRedis } from '../../../test/support/env.js';
import { serveRoutes } from '../../../testkit/route-server.js';
import { smsRoutes } from './sms-routes.js';
import { SmsStore } from './sms-store.js';

const { prefix, redis } = useRedis('sms-store');
const store = new SmsStore(redis, createKeys(prefix));
const T = 1_800_000_000_000;

describe('SmsStore', () => {
  it('records a send masked and applies receipts in order of progress, not of arrival', async () => {
    const { record: sent } = await store.recordSent({ sid: 'SM1', ref: 'INC-1:red:0:c1', to: '+8613812345678', incidentId: 'INC-1', status: 'queued' }, T);
    expect(sent).toEqual({ sid: 'SM1', ref: 'INC-1:red:0:c1', to: '+86***78', incidentId: 'INC-1', status: 'queued', createdAt: T, updatedAt: T });
    await store.updateStatus('SM1', 'delivered', undefined, T + 3000);
    const late = await store.updateStatus('SM1', 'sent', undefined, T + 4000);
    expect(late).toMatchObject({ status: 'delivered', updatedAt: T + 3000 });
    expect(await store.sidForRef('INC-1:red:0:c1')).toBe('SM1');
    expect(await store.sidForRef('never-sent')).toBeUndefined();
    expect(JSON.stringify(await redis.hgetall(createKeys(prefix).sms('SM1')))).not.toContain('13812345678');
  });

  it('keeps a receipt that arrives before the send is recorded', async () => {
    await store.updateStatus('SM2', 'undelivered', '30003', T + 2000);
    const { record } = await store.recordSent({ sid: 'SM2', ref: 'INC-1:red:0:c2', to: '+8613900000042', status: 'queued' }, T + 2500);
    expect(record).toMatchObject({ sid: 'SM2', ref: 'INC-1:red:0:c2', to: '+86***42', status: 'undelivered', errorCode: '30003', createdAt: T + 2000 });
  });

  it('lists the newest first, for dispatchers only', async () => {
    await store.recordSent({ sid: 'SM3', ref: 'INC-2:yellow:0:c1', to: '+8613812345678', incidentId: 'INC-2', status: 'queued' }, T + 10_000);
    expect((await store.list(2)).map((m) => m.sid)).toEqual(['SM3', 'SM2']);
    const config = demoConfig(prefix);
    const server = await serveRoutes(config, smsRoutes(store));
    try {
      const get = (token: string) => fetch(`${server.base}/v1/sms?limit=10`, { headers: { authorization: `Bearer ${token}` } });
      const res = await get(TOKENS.dispatcher);
      expect(res.status).toBe(200);
      const { messages } = (await res.json()) as { messages: { sid: string; to: string }[] };
      expect(messages.map((m) => m.sid)).toEqual(['SM3', 'SM2', 'SM1']);
      expect(messages.every((m) => m.to.includes('***'))).toBe(true);
      expect((await get(TOKENS.display)).status).toBe(403);
    } finally {
      server.close();
    }
  });

  it('keeps the roster a message went through, in English and as a note', async () => {
    const groupNote = { code: 'sms.standbyRoster', params: { centre: 'hangzhou', seatType: 'backup' } };
    await store.recordSent({ sid: 'SM9', ref: 'INC-3:red:1:p1:1', to: '+8613812345678', group: 'hangzhou backup standby', groupNote, status: 'queued' }, T);
    expect(await store.get('SM9')).toMatchObject({ group: 'hangzhou backup standby', groupNote });
    await store.recordSent({ sid: 'SM8', ref: 'INC-3:red:0:c1:1', to: '+8613812345678', group: 'duty-managers', status: 'queued' }, T);
    expect(await store.get('SM8')).not.toHaveProperty('groupNote');
  });
});
