/** Standard Webhooks signing and verification, checked against the specification's own test vector. */
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, webhookHeaders } from './signature.js';

// The "sign function works" vector of the reference implementation:
// github.com/standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const at = (seconds: number) => seconds * 1000;

describe('signWebhook', () => {
  it('matches the Standard Webhooks test vector, with or without the whsec_ prefix', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(signWebhook(VECTOR.secret.slice('whsec_'.length), VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('gives the signature of the example in docs/plans.md', () => {
    const body = '{"id":"seats.activate.INC-20261123-0001:orange:surge-orange:1","type":"seats.activate","centre":"shanghai","data":{"incidentId":"INC-20261123-0001","level":"orange","seatType":"home","count":2,"people":[{"id":"ma-rui","name":"Ma Rui"},{"id":"luo-qian","name":"Luo Qian"}],"reason":"auto: Erlang C gap 2 at shanghai (voice +2) → 2 home seats"}}';
    expect(signWebhook(VECTOR.secret, 'seats.activate.INC-20261123-0001:orange:surge-orange:1', 1795400000, body)).toBe('v1,8lYe2ego6ZAC27dyN9KOYZJziL65GLZ8o/0HlycqMto=');
  });
});

describe('verifyWebhook', () => {
  const headers = webhookHeaders(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body);

  it('accepts the vector within the tolerance, and one good signature among several', () => {
    expect(headers['webhook-signature']).toBe(VECTOR.signature);
    expect(verifyWebhook(VECTOR.secret, headers, VECTOR.body, at(VECTOR.timestamp + 299))).toBe(true);
    const several = { ...headers, 'webhook-signature': `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,xyz ${VECTOR.signature}` };
    expect(verifyWebhook(VECTOR.secret, several, VECTOR.body, at(VECTOR.timestamp))).toBe(true);
  });

  it.each([
    ['a changed body', headers, '{"test": 2432232315}', 0],
    ['another id', { ...headers, 'webhook-id': 'msg_other' }, VECTOR.body, 0],
    ['a timestamp too old', headers, VECTOR.body, 301],
    ['a timestamp too new', headers, VECTOR.body, -301],
    ['no signature', { ...headers, 'webhook-signature': '' }, VECTOR.body, 0],
    ['a cut signature', { ...headers, 'webhook-signature': VECTOR.signature.slice(0, 12) }, VECTOR.body, 0],
    ['a non-numeric timestamp', { ...headers, 'webhook-timestamp': 'soon' }, VECTOR.body, 0],
  ])('refuses %s', (_what, h, body, skew) => {
    expect(verifyWebhook(VECTOR.secret, h, body, at(VECTOR.timestamp + skew))).toBe(false);
  });

  it('refuses another secret', () => {
    expect(verifyWebhook('whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=', headers, VECTOR.body, at(VECTOR.timestamp))).toBe(false);
  });
});
