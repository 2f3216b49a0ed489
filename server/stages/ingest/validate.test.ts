/** validateEvent on `source.heartbeat` and the optional `source` every event may carry. */
import { describe, expect, it } from 'vitest';
import { validateEvent, type Topology } from './validate.js';

const topology: Topology = { queuesByCentre: new Map([['hangzhou', new Set(['voice'])]]) };
const NOW = 1_800_000_000_000;
const time = { now: NOW, maxFutureSkewSec: 300, maxAgeSec: 86_400 };
const heartbeat = { id: 'hb-1', type: 'source.heartbeat', ts: NOW - 1000, centre: 'hangzhou', source: 'asterisk' };
const queued = { id: 'q-1', type: 'contact.queued', ts: NOW - 1000, centre: 'hangzhou', contactId: 'c1', queue: 'voice', media: 'voice' };

const errorOf = (value: unknown) => {
  const result = validateEvent(value, topology, time);
  return result.ok ? undefined : result.error;
};

describe('source.heartbeat', () => {
  it('is accepted with its source, and keeps unknown fields', () => {
    const result = validateEvent({ ...heartbeat, bridgeVersion: '2.1' }, topology, time);
    expect(result).toEqual({ ok: true, event: { ...heartbeat, bridgeVersion: '2.1' } });
  });

  it('needs a source, as a non-empty string of at most 64 characters', () => {
    const { source: _, ...withoutSource } = heartbeat;
    expect(errorOf(withoutSource)).toBe('source.heartbeat needs source');
    expect(errorOf({ ...heartbeat, source: '' })).toBe('source must be a non-empty string');
    expect(errorOf({ ...heartbeat, source: 7 })).toBe('source must be a non-empty string');
    expect(errorOf({ ...heartbeat, source: 'x'.repeat(65) })).toBe('source must be at most 64 characters');
    expect(errorOf({ ...heartbeat, source: 'x'.repeat(64) })).toBeUndefined();
  });

  it('names no queue, and is still refused for an unknown centre or a bad time', () => {
    expect(errorOf({ ...heartbeat, queue: 'not-a-queue' })).toBeUndefined();
    expect(errorOf({ ...heartbeat, centre: 'nowhere' })).toBe('unknown centre "nowhere"');
    expect(errorOf({ ...heartbeat, ts: NOW + 301_000 })).toMatch(/in the future/);
  });
});

describe('the optional source of every event', () => {
  it('is kept when given, and may be left out', () => {
    const result = validateEvent({ ...queued, source: 'twilio-taskrouter' }, topology, time);
    expect(result.ok && result.event.source).toBe('twilio-taskrouter');
    expect(errorOf(queued)).toBeUndefined();
  });

  it('is rejected with a reason when it is not a short string', () => {
    expect(errorOf({ ...queued, source: 42 })).toBe('source must be a non-empty string');
    expect(errorOf({ ...queued, source: 'y'.repeat(65) })).toBe('source must be at most 64 characters');
  });
});
