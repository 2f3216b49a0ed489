/** The `acd:` section: endpoints per centre with their Standard Webhooks secrets, and every mistake named with its line. */
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseDemoWith, refusedWith } from '../../../test/support/config-problems.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const parse = parseDemoWith;

describe('acd config', () => {
  it('is absent in the demo: every delivery is recorded as skipped', () => {
    expect(parse('').acd).toBeUndefined();
  });

  it('reads each centre’s endpoint, the secret from the file or the environment', () => {
    const acd = parse(`
acd:
  hangzhou: { url: https://acd-hz.example.com/surge, secret: ${SECRET} }
  wuhan: { url: http://10.0.0.7:8080/hooks, secretEnv: WUHAN_ACD_SECRET }
  timeoutMs: 2000
`, { WUHAN_ACD_SECRET: SECRET }).acd;
    expect(acd?.timeoutMs).toBe(2000);
    expect([...(acd?.endpoints ?? [])]).toEqual([
      ['hangzhou', { url: 'https://acd-hz.example.com/surge', secret: SECRET }],
      ['wuhan', { url: 'http://10.0.0.7:8080/hooks', secret: SECRET }],
    ]);
  });

  it('names every mistake with its line', () => {
    const lines = DEMO_CONFIG.split('\n').length;
    const list = refusedWith(() =>
      parse(`
acd:
  hangzhou: { url: acd-hz.example.com, secret: not-a-whsec }
  shanghai: { url: https://acd-sh.example.com, secret: whsec_c2hvcnQ=, token: x }
  wuhan: { url: https://acd-wh.example.com }
  atlantis: { url: https://acd.example.com, secret: ${SECRET} }
`),
    );
    const secretHint = 'must be "whsec_" + base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)';
    expect(list).toEqual([
      `surge.config.yaml:${lines + 3}:20: acd.hangzhou.url: must be the http(s) URL of the centre’s ACD webhook endpoint`,
      `surge.config.yaml:${lines + 3}:48: acd.hangzhou.secret: ${secretHint}`,
      `surge.config.yaml:${lines + 4}:56: acd.shanghai.secret: ${secretHint}`,
      `surge.config.yaml:${lines + 4}:72: acd.shanghai.token: unknown key (allowed: url, secret, secretEnv)`,
      `surge.config.yaml:${lines + 5}:10: acd.wuhan: needs \`secret\` (or \`secretEnv\`)`,
      `surge.config.yaml:${lines + 6}:13: acd.atlantis: unknown centre "atlantis" (centres: hangzhou, shanghai, wuhan)`,
    ]);
  });
});
