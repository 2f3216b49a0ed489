/** The `ivr:` section: endpoints like the ACD's, the self-service link, and every mistake named with its line. */
import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseDemoWith, refusedWith } from '../../../test/support/config-problems.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('ivr config', () => {
  it('is absent in the demo: announcements are recorded as skipped', () => {
    expect(parseDemoWith('').ivr).toBeUndefined();
  });

  it('reads each centre’s endpoint, the secret from the file or the environment, and the self-service link', () => {
    const ivr = parseDemoWith(`
ivr:
  hangzhou: { url: https://ivr-hz.example.com/surge, secret: ${SECRET} }
  wuhan: { url: http://10.0.0.8:8080/announce, secretEnv: WUHAN_IVR_SECRET }
  timeoutMs: 3000
  selfServiceUrl: https://help.example.com/outage
`, { WUHAN_IVR_SECRET: SECRET }).ivr;
    expect(ivr?.timeoutMs).toBe(3000);
    expect(ivr?.selfServiceUrl).toBe('https://help.example.com/outage');
    expect([...(ivr?.endpoints ?? [])]).toEqual([
      ['hangzhou', { url: 'https://ivr-hz.example.com/surge', secret: SECRET }],
      ['wuhan', { url: 'http://10.0.0.8:8080/announce', secret: SECRET }],
    ]);
  });

  it('names every mistake with its line', () => {
    const lines = DEMO_CONFIG.split('\n').length;
    const list = refusedWith(() =>
      parseDemoWith(`
ivr:
  hangzhou: { url: ivr-hz.example.com, secret: not-a-whsec }
  wuhan: { url: https://ivr-wh.example.com }
  atlantis: { url: https://ivr.example.com, secret: ${SECRET} }
  selfServiceUrl: help page
`),
    );
    expect(list).toEqual([
      `surge.config.yaml:${lines + 3}:20: ivr.hangzhou.url: must be the http(s) URL of the centre’s IVR webhook endpoint`,
      `surge.config.yaml:${lines + 3}:48: ivr.hangzhou.secret: must be "whsec_" + base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)`,
      `surge.config.yaml:${lines + 4}:10: ivr.wuhan: needs \`secret\` (or \`secretEnv\`)`,
      `surge.config.yaml:${lines + 5}:13: ivr.atlantis: unknown centre "atlantis" (centres: hangzhou, shanghai, wuhan)`,
      `surge.config.yaml:${lines + 6}:19: ivr.selfServiceUrl: must be the http(s) URL of the self-service page callers are texted`,
    ]);
  });
});
