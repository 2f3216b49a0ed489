/** Redaction by path: secrets and phone numbers are blanked where they live; fields that only share a name are kept. */
import { describe, expect, it } from 'vitest';
import { createLogger, maskPhone } from './log.js';

/** logged writes one entry through a logger with an injected destination and returns the JSON line it wrote. */
function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }).info(fields, 'entry');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

const HIDDEN = '[redacted]';

describe('log redaction', () => {
  it('keeps a level transition’s from and to, and a lease’s fencing token', () => {
    expect(logged({ scope: 'queue:hangzhou/voice', from: 'orange', to: 'red' })).toMatchObject({ from: 'orange', to: 'red' });
    expect(logged({ to: ['shanghai'] })).toMatchObject({ to: ['shanghai'] });
    expect(logged({ token: 42 })).toMatchObject({ token: 42 });
  });

  it('blanks phone numbers where they live: a contact, an SMS, Twilio’s parameters', () => {
    const line = logged({
      contact: { id: 'li-wei', phone: '+8613800000001' },
      sms: { to: '+8613800000001', ref: 'INC-1:red:0:c1' },
      params: { From: '+8613800000002', To: '+15005550006', MessageSid: 'SM1' },
      phone: '+8613800000003',
    });
    expect(line).toMatchObject({
      contact: { id: 'li-wei', phone: HIDDEN },
      sms: { to: HIDDEN, ref: 'INC-1:red:0:c1' },
      params: { From: HIDDEN, To: HIDDEN, MessageSid: 'SM1' },
      phone: HIDDEN,
    });
    expect(JSON.stringify(line)).not.toMatch(/\+86138|\+1500/);
  });

  it('blanks credentials: authorization headers, signatures, the Twilio auth token, secrets, passwords, bearer tokens', () => {
    const line = logged({
      req: { headers: { authorization: 'Bearer demo-ingest-token', 'content-type': 'application/json' } },
      headers: { authorization: 'Bearer x', 'x-twilio-signature': 'sig', 'x-amz-firehose-access-key': 'key' },
      err: { message: 'boom', config: { headers: { Authorization: 'Basic QUM6dG9rZW4=' } } },
      twilio: { accountSid: 'AC1', authToken: 'twilio-auth-token' },
      endpoint: { url: 'https://acd.example.com', secret: 'whsec_abc' },
      auth: { sessionSecret: 'session-secret', tokens: [{ name: 'bridge', token: 'demo-ingest-token', sha256: 'ab'.repeat(32) }] },
      user: { name: 'dana', password: 'scrypt$…' },
    });
    expect(line).toMatchObject({
      req: { headers: { authorization: HIDDEN, 'content-type': 'application/json' } },
      headers: { authorization: HIDDEN, 'x-twilio-signature': HIDDEN, 'x-amz-firehose-access-key': HIDDEN },
      err: { message: 'boom', config: { headers: { Authorization: HIDDEN } } },
      twilio: { accountSid: 'AC1', authToken: HIDDEN },
      endpoint: { url: 'https://acd.example.com', secret: HIDDEN },
      auth: { sessionSecret: HIDDEN, tokens: [{ name: 'bridge', token: HIDDEN, sha256: HIDDEN }] },
      user: { name: 'dana', password: HIDDEN },
    });
    expect(JSON.stringify(line)).not.toMatch(/demo-ingest-token|twilio-auth-token|whsec_abc|session-secret|QUM6/);
  });

  it('masks a number logged on purpose down to its country code and last two digits', () => {
    expect(maskPhone('+8613800000001')).toBe('+86***01');
    expect(maskPhone('+123')).toBe('***');
  });
});
