/** The channel-shift actions in plan files (announce, remind): read with their defaults, every mistake at its line and column. */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../config/types.js';
import { parsePlanFile } from './index.js';
import { demoConfig } from './testing.js';

const FILE = 'alerts/plans/shift.yaml';
const base = demoConfig();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const config: Config = {
  ...base,
  ivr: { endpoints: new Map([['hangzhou', { url: 'http://127.0.0.1:9/ivr', secret: SECRET }]]), timeoutMs: 1000, selfServiceUrl: 'https://help.example.com/outage' },
  remind: { ...base.remind, lists: { 'outage-customers': [{ phone: '+8613900000001' }] } },
};

describe('announce and remind in plan files', () => {
  it('reads both, with announce’s defaults (no offer, every queue)', () => {
    const result = parsePlanFile(
      `plans:
  - name: outage-red
    level: red
    centres: [hangzhou]
    actions:
      - announce: { message: outage-apology, offer: callback, queues: [voice, voice-vip] }
      - announce: { message: outage-apology, offer: self-service-sms, confirm: true }
      - announce: { message: outage-apology }
      - remind: { list: outage-customers, template: service-reminder }
`,
      FILE,
      config,
    );
    expect(result).toMatchObject({
      ok: true,
      plans: [
        {
          actions: [
            { kind: 'announce', spec: { message: 'outage-apology', offer: 'callback', queues: ['voice', 'voice-vip'] }, confirm: false },
            { kind: 'announce', spec: { message: 'outage-apology', offer: 'self-service-sms', queues: null }, confirm: true },
            { kind: 'announce', spec: { message: 'outage-apology', offer: 'none', queues: null }, confirm: false },
            { kind: 'remind', spec: { list: 'outage-customers', template: 'service-reminder' }, confirm: false },
          ],
        },
      ],
    });
  });

  it('names every mistake at its line and column', () => {
    const result = parsePlanFile(
      `plans:
  - name: bad
    level: red
    centres: [shanghai]
    actions:
      - announce: { message: outage-apolgy, offer: voicemail, queues: [voice, voice-vip] }
      - announce: { offer: callback, queues: [] }
      - announce: { message: outage-apology, volume: loud }
      - remind: { list: outage-custmers, template: service-remindr }
      - remind: { template: service-reminder }
  - name: network
    level: red
    centres: all
    actions:
      - announce: { message: outage-apology }
      - remind: { list: outage-customers, template: service-reminder }
`,
      FILE,
      config,
    );
    expect(result.ok ? [] : result.errors).toEqual([
      `${FILE}:6:30: unknown template "outage-apolgy" (did you mean outage-apology?) (templates in alerts/templates: emergency-alert, level-alert, outage-apology, seat-callout, service-reminder)`,
      `${FILE}:6:52: unknown offer "voicemail" (offers: callback, self-service-sms, none)`,
      `${FILE}:6:79: unknown queue "voice-vip" (queues of shanghai: voice, chat, email)`,
      `${FILE}:7:19: announce needs message`,
      `${FILE}:7:46: queues must name at least one queue (leave it out for every queue of the centre)`,
      `${FILE}:8:46: unknown key "volume" in announce (allowed: message, offer, queues, confirm)`,
      `${FILE}:9:25: unknown customer list "outage-custmers" (did you mean outage-customers?) (lists in alerts/lists: outage-customers)`,
      `${FILE}:9:52: unknown template "service-remindr" (did you mean service-reminder?) (templates in alerts/templates: emergency-alert, level-alert, outage-apology, seat-callout, service-reminder)`,
      `${FILE}:10:17: remind needs list`,
      `${FILE}:15:9: announce needs a centre: a plan for network-wide incidents (centres: all) cannot pick an IVR to announce on`,
    ]);
  });

  it('needs ivr.selfServiceUrl to offer a self-service link', () => {
    const bare = { ...config, ivr: { ...config.ivr!, selfServiceUrl: undefined } } as Config;
    const result = parsePlanFile('plans:\n  - name: p\n    level: red\n    actions:\n      - announce: { message: outage-apology, offer: self-service-sms }\n', FILE, bare);
    expect(result).toMatchObject({ ok: false, errors: [`${FILE}:5:53: offer: self-service-sms needs ivr.selfServiceUrl in the config (the link callers are texted)`] });
  });
});
