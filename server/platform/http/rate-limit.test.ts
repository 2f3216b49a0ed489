/** The token bucket on a hand-moved clock: bursts, refills, separate keys, bounded memory. */
import { describe, expect, it } from 'vitest';
import { RateLimiter, rateLimited } from './rate-limit.js';

function limiter(perSec: number, burst: number, maxKeys?: number) {
  const clock = { now: 1_000_000 };
  return { clock, limiter: new RateLimiter({ perSec, burst }, () => clock.now, maxKeys) };
}

const spend = (l: RateLimiter, key: string, n: number) => Array.from({ length: n }, () => l.take(key).ok);

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the seconds until one more would pass', () => {
    const { limiter: l } = limiter(2, 5);
    expect(spend(l, 'a', 5)).toEqual([true, true, true, true, true]);
    expect(l.take('a')).toEqual({ ok: false, retryAfterSec: 1 });
  });

  it('earns perSec back every second, never more than the burst', () => {
    const { clock, limiter: l } = limiter(2, 5);
    spend(l, 'a', 5);
    clock.now += 1000;
    expect(spend(l, 'a', 3)).toEqual([true, true, false]);
    clock.now += 60_000;
    expect(spend(l, 'a', 6)).toEqual([true, true, true, true, true, false]);
  });

  it('rounds Retry-After up to whole seconds for slow limits', () => {
    const { clock, limiter: l } = limiter(0.1, 1);
    expect(l.take('a').ok).toBe(true);
    expect(l.take('a')).toEqual({ ok: false, retryAfterSec: 10 });
    clock.now += 5000;
    expect(l.take('a')).toEqual({ ok: false, retryAfterSec: 5 });
  });

  it('keeps one bucket per key', () => {
    const { limiter: l } = limiter(1, 2);
    spend(l, 'a', 2);
    expect(l.take('a').ok).toBe(false);
    expect(spend(l, 'b', 2)).toEqual([true, true]);
  });

  it('forgets refilled buckets, and the oldest ones, once it holds too many keys', () => {
    const { clock, limiter: l } = limiter(1, 1, 100);
    for (let i = 0; i < 10_000; i++) l.take(`address ${i}`);
    // Still spent a moment ago: only forgotten when the map is full, oldest first.
    expect(l.take('address 9999').ok).toBe(false);
    clock.now += 2000;
    expect(l.take('address 9999').ok).toBe(true);
    expect((l as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });

  it('answers a refusal with 429, Retry-After and a reason naming the limit', () => {
    const { limiter: l } = limiter(200, 400);
    const err = rateLimited(l, 'token "bridge"', 1);
    expect(err.status).toBe(429);
    expect(err.headers).toEqual({ 'Retry-After': '1' });
    expect(err.message).toBe('rate limit: token "bridge" may make 200 requests/s (bursts of 400); retry after 1s');
  });
});
