/** The `twilio:` section: what a valid one gives, and every mistake named with its line. */
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseDemoWith, refusedWith } from '../../../test/support/config-problems.js';

const parse = parseDemoWith;

const problems = (section: string) => refusedWith(() => parse(section));

describe('twilio config', () => {
  it('is absent in the demo: the log-only sender stands in', () => {
    expect(parse('').twilio).toBeUndefined();
  });

  it('reads the account, the sender and the URLs, the token from the environment if asked', () => {
    const twilio = parse(`
twilio:
  accountSid: AC0123456789abcdef0123456789abcdef
  authTokenEnv: TWILIO_AUTH_TOKEN
  from: "+15005550006"
  webhookBaseUrl: https://surge.example.com/
  apiBaseUrl: http://127.0.0.1:4010
`, { TWILIO_AUTH_TOKEN: 'from-the-env' }).twilio;
    expect(twilio).toEqual({
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: 'from-the-env',
      from: '+15005550006',
      webhookBaseUrl: 'https://surge.example.com',
      apiBaseUrl: 'http://127.0.0.1:4010',
      timeoutMs: 10_000,
      inboundDedupSec: 2_592_000,
    });
  });

  it('names every mistake with its line', () => {
    const lines = DEMO_CONFIG.split('\n').length;
    const list = problems(`
twilio:
  accountSid: SK0123
  from: "0571 1234"
  messagingServiceSid: MG1
  webhookBaseUrl: surge.example.com
  timeoutMs: 5
  region: au1
`);
    expect(list).toEqual([
      `surge.config.yaml:${lines + 3}:3: twilio: needs \`authToken\` (or \`authTokenEnv\`)`,
      `surge.config.yaml:${lines + 3}:3: twilio: needs exactly one sender: \`from\` (a number) or \`messagingServiceSid\``,
      `surge.config.yaml:${lines + 3}:15: twilio.accountSid: must be the account SID: AC and 32 hex digits`,
      `surge.config.yaml:${lines + 4}:9: twilio.from: must be an E.164 number such as "+15005550006"`,
      `surge.config.yaml:${lines + 5}:24: twilio.messagingServiceSid: must be MG and 32 hex digits`,
      `surge.config.yaml:${lines + 6}:19: twilio.webhookBaseUrl: must be an http(s) URL`,
      `surge.config.yaml:${lines + 7}:14: twilio.timeoutMs: must be a whole number from 100 to 120000`,
      `surge.config.yaml:${lines + 8}:3: twilio.region: unknown key (allowed: accountSid, authToken, authTokenEnv, from, messagingServiceSid, webhookBaseUrl, apiBaseUrl, timeoutMs, inboundDedupSec)`,
    ]);
  });
});
