import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/log/log.js';
import { LiveHub } from './live.js';

const hub = () => new LiveHub({ centres: [], metrics: { pushIntervalMs: 250 } }, createLogger({ level: 'silent' }));
const news = (epoch: string, asOf: number) => [
  { type: 'levels', asOf, epoch, levels: { 'centre:wuhan': 'black' } },
  { type: 'incidents', asOf, epoch, incidents: [{ id: `INC-${epoch}` }] },
  { type: 'banner', asOf, epoch, banner: { text: 'BLACK' } },
  { type: 'routing', asOf, epoch, routes: [{ from: 'wuhan' }] },
  { type: 'rules', asOf, epoch, status: { ok: true } },
];

describe('LiveHub across Redis epochs', () => {
  it('drops what the old epoch said when the epoch changes, keeping the rules status', () => {
    const h = hub();
    h.broadcast({ type: 'epoch', asOf: 1, epoch: 'e1' });
    for (const m of news('e1', 10)) h.broadcast(m);
    expect(h.latestMessage('banner')).toBeDefined();

    h.broadcast({ type: 'epoch', asOf: 20, epoch: 'e2', lostAt: 20, previous: 'e1' });
    for (const type of ['levels', 'incidents', 'banner', 'routing']) expect(h.latestMessage(type)).toBeUndefined();
    expect(h.latestMessage('rules')).toMatchObject({ epoch: 'e1' });
    expect(h.latestMessage('epoch')).toMatchObject({ epoch: 'e2', previous: 'e1' });
  });

  it('ignores late news of the old epoch, takes the new epoch\'s and unstamped news', () => {
    const h = hub();
    h.broadcast({ type: 'epoch', asOf: 1, epoch: 'e1' });
    h.broadcast({ type: 'epoch', asOf: 20, epoch: 'e2' });
    for (const m of news('e1', 30)) h.broadcast(m);
    expect(h.latestMessage('banner')).toBeUndefined();
    h.broadcast({ type: 'banner', asOf: 31, epoch: 'e2', banner: { text: 'RED' } });
    h.broadcast({ type: 'routing', asOf: 31, routes: [] });
    expect(h.latestMessage('banner')).toMatchObject({ banner: { text: 'RED' } });
    expect(h.latestMessage('routing')).toMatchObject({ routes: [] });
  });

  it('a new epoch is taken even when its clock is behind; an epoch left behind never comes back', () => {
    const h = hub();
    h.broadcast({ type: 'epoch', asOf: 100, epoch: 'e1' });
    h.broadcast({ type: 'epoch', asOf: 90, epoch: 'e2', lostAt: 90, previous: 'e1' });
    expect(h.latestMessage('epoch')).toMatchObject({ epoch: 'e2' });
    h.broadcast({ type: 'banner', asOf: 95, epoch: 'e2', banner: { text: 'RED' } });
    h.broadcast({ type: 'epoch', asOf: 200, epoch: 'e1' });
    expect(h.latestMessage('epoch')).toMatchObject({ epoch: 'e2' });
    expect(h.latestMessage('banner')).toMatchObject({ epoch: 'e2' });
  });

  it('the same epoch announced again (by every instance) changes nothing', () => {
    const h = hub();
    h.broadcast({ type: 'epoch', asOf: 1, epoch: 'e1' });
    for (const m of news('e1', 10)) h.broadcast(m);
    h.broadcast({ type: 'epoch', asOf: 1, epoch: 'e1' });
    expect(h.latestMessage('incidents')).toMatchObject({ incidents: [{ id: 'INC-e1' }] });
  });
});
