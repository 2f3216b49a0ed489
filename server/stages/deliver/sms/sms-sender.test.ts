/**
 * The SMS senders against a fake Twilio REST API: the real SDK sends through it, and the
 * failures Twilio can answer with come back as SendErrors with the right retry verdict.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../config/types.js';
import { createLogger } from '../../../platform/log/log.js';
import { demoConfig, rejection, uniquePrefix } from '../../../test/support/env.js';
import { FakeTwilio } from '../../../testkit/fake-twilio.js';
import { freePort } from '../../../testkit/redis-process.js';
import type { TwilioConfig } from './config.js';
import { isRetryable, mayHaveArrived } from './retryable.js';
import { SendError } from './send-error.js';
import { createSmsSender } from './create-sender.js';

const ACCOUNT = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'fake-twilio-auth-token';
const DUTY_MANAGER = '+8613812345678';

let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await FakeTwilio.start(TOKEN);
});
afterAll(() => twilio.close());
afterEach(() => {
  twilio.mode = 'ok';
});

function config(settings: Partial<TwilioConfig> | undefined): Config {
  return demoConfig(uniquePrefix('sms'), (c) => {
    c.server.publicUrl = 'https://surge.example.com';
    if (settings) c.twilio = { accountSid: ACCOUNT, authToken: TOKEN, from: '+15005550006', timeoutMs: 400, inboundDedupSec: 86_400, apiBaseUrl: twilio.baseUrl, ...settings };
  });
}

/** A logger writing JSON lines into an array. */
function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }) };
}

const failure = (promise: Promise<unknown>) => rejection(promise, SendError);

describe('Twilio sender', () => {
  it('sends through the real SDK: number, text, sender and status callback', async () => {
    const { lines, logger } = capture();
    const sender = createSmsSender(config({}), logger);
    expect(sender.label).toBe('twilio');
    const sent = await sender.send({ to: DUTY_MANAGER, body: 'RED hangzhou: 64 waiting. Reply ACK K7Q2', ref: 'INC-1:red:0:c1' });
    expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.status).toBe('queued');
    const request = twilio.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, user: ACCOUNT, authenticated: true });
    expect(request.params).toEqual({
      To: DUTY_MANAGER,
      From: '+15005550006',
      Body: 'RED hangzhou: 64 waiting. Reply ACK K7Q2',
      StatusCallback: 'https://surge.example.com/v1/twilio/status',
    });
    const text = lines.join('');
    expect(text).toContain('+86***78');
    expect(text).not.toContain(DUTY_MANAGER);
    expect(text).not.toContain(TOKEN);
  });

  it('sends from a Messaging Service, with callbacks on twilio.webhookBaseUrl', async () => {
    const service = `MG${'fedcba9876543210'.repeat(2)}`;
    const sender = createSmsSender(config({ from: undefined, messagingServiceSid: service, webhookBaseUrl: 'https://hooks.example.com' }), capture().logger);
    expect((await sender.send({ to: DUTY_MANAGER, body: 'x', ref: 'r2' })).status).toBe('accepted');
    expect(twilio.messages.at(-1)).toEqual({ To: DUTY_MANAGER, MessagingServiceSid: service, Body: 'x', StatusCallback: 'https://hooks.example.com/v1/twilio/status' });
  });

  it('a 500 or a 429 from Twilio is worth retrying', async () => {
    const sender = createSmsSender(config({}), capture().logger);
    for (const [mode, status] of [['error500', 500], ['busy', 429]] as const) {
      twilio.mode = mode;
      const err = await failure(sender.send({ to: DUTY_MANAGER, body: 'x', ref: 'r3' }));
      expect(err).toMatchObject({ status, retryable: true });
      expect(isRetryable(err)).toBe(true);
      expect(mayHaveArrived(err)).toBe(false); // Twilio answered: it did not take it
    }
  });

  it('an invalid number (21211) is not worth retrying, and the error does not quote it', async () => {
    twilio.mode = 'invalid-number';
    const err = await failure(createSmsSender(config({}), capture().logger).send({ to: '+15005550001', body: 'x', ref: 'r4' }));
    expect(err).toMatchObject({ status: 400, code: 21211, retryable: false });
    expect(isRetryable(err)).toBe(false);
    expect(err.message).toContain('21211');
    expect(err.message).toContain('+15***01');
    expect(err.message).not.toContain('+15005550001');
  });

  it('a Twilio that does not answer times out, worth retrying, though it may have taken the message', async () => {
    twilio.mode = 'hang';
    const started = Date.now();
    const err = await failure(createSmsSender(config({ timeoutMs: 300 }), capture().logger).send({ to: DUTY_MANAGER, body: 'x', ref: 'r5' }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.status).toBeUndefined();
    expect(err.retryable).toBe(true);
    expect(mayHaveArrived(err)).toBe(true);
  });

  it('a Twilio that cannot be reached is worth retrying, and took nothing', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const err = await failure(createSmsSender(config({ apiBaseUrl: down }), capture().logger).send({ to: DUTY_MANAGER, body: 'x', ref: 'r6' }));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(mayHaveArrived(err)).toBe(false);
  });
});

describe('log-only sender', () => {
  it('says at start-up that nothing is sent, and logs each SMS with the number masked', async () => {
    const { lines, logger } = capture();
    const sender = createSmsSender(config(undefined), logger);
    expect(sender.label).toBe('log-only');
    expect(lines.join('')).toMatch(/SMS alerts are NOT sent/);
    const sent = await sender.send({ to: DUTY_MANAGER, body: 'RED hangzhou', ref: 'INC-1:red:0:c1' });
    expect(sent).toEqual({ sid: 'log:INC-1:red:0:c1', status: 'logged' });
    const line = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'SMS NOT SENT (no Twilio configured)', recipient: '+86***78', ref: 'INC-1:red:0:c1', text: 'RED hangzhou' });
    expect(lines.join('')).not.toContain(DUTY_MANAGER);
  });
});

describe('isRetryable', () => {
  it.each([
    [{ status: 500 }, true],
    [{ status: 503 }, true],
    [{ status: 429 }, true],
    [{ status: 408 }, true],
    [{ status: 400 }, false],
    [{ status: 401 }, false],
    [{ status: 404 }, false],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), true],
    [Object.assign(new Error('timeout of 300ms exceeded'), { code: 'ECONNABORTED' }), true],
  ])('%o → %s', (err, expected) => {
    expect(isRetryable(err)).toBe(expected);
  });
});
