/** Plan files: the shipped ones load; every mistake is named at its file, line and column. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlanFiles, mergePlanFiles, parsePlanFile, type Plan } from './index.js';
import { demoConfig } from './testing.js';

const config = demoConfig();
const FILE = 'alerts/plans/test.yaml';
const parse = (text: string) => parsePlanFile(text, FILE, config);
const errors = (text: string) => {
  const result = parse(text);
  return result.ok ? [] : result.errors;
};

describe('the shipped plan files', () => {
  const files = readdirSync('alerts/plans').sort().map((f) => join('alerts/plans', f));
  const loaded = loadPlanFiles(files, config);

  it('load against the demo config', () => {
    expect(loaded).toMatchObject({ ok: true });
  });

  it('cover every level for traffic surges, equipment failures and fires', () => {
    const plans = loaded.ok ? loaded.plans : [];
    for (const type of ['traffic_surge', 'equipment_failure', 'fire']) {
      expect(plans.filter((p) => p.type === type).map((p) => p.level)).toEqual(['yellow', 'orange', 'red', 'black']);
    }
  });
});

describe('parsePlanFile', () => {
  it('reads every key, with defaults for the optional ones', () => {
    const result = parse(`plans:
  - name: surge-red
    level: red
    type: traffic_surge
    centres: [hangzhou, shanghai]
    undo: confirm
    actions:
      - notify: { group: emergency-echelon, template: level-alert }
      - activateSeats: { seatType: home, count: auto, max: 10 }
      - activateSeats: { seatType: backup, count: 5, template: level-alert, confirm: true }
      - reroute: { queue: voice, share: 30%, expiresAfter: 2h }
      - reroute: { media: chat, share: 12.5%, confirm: true }
      - banner: { text: "RED: backup seats open" }
  - name: any-yellow
    level: yellow
    centres: all
    actions:
      - banner: { text: network-wide trouble }
`);
    expect(result).toEqual({
      ok: true,
      plans: [
        {
          name: 'surge-red',
          level: 'red',
          type: 'traffic_surge',
          centres: ['hangzhou', 'shanghai'],
          undo: 'confirm',
          origin: `${FILE}:2:5`,
          actions: [
            { kind: 'notify', spec: { group: 'emergency-echelon', template: 'level-alert' }, confirm: false },
            { kind: 'activateSeats', spec: { seatType: 'home', count: 'auto', max: 10, template: 'seat-callout' }, confirm: false },
            { kind: 'activateSeats', spec: { seatType: 'backup', count: 5, max: null, template: 'level-alert' }, confirm: true },
            { kind: 'reroute', spec: { queue: 'voice', share: 0.3, expiresAfterSec: 7200 }, confirm: false },
            { kind: 'reroute', spec: { media: 'chat', share: 0.125, expiresAfterSec: null }, confirm: true },
            { kind: 'banner', spec: { text: 'RED: backup seats open' }, confirm: false },
          ],
        },
        { name: 'any-yellow', level: 'yellow', type: null, centres: ['all'], undo: 'auto', origin: `${FILE}:14:5`, actions: [{ kind: 'banner', spec: { text: 'network-wide trouble' }, confirm: false }] },
      ] satisfies Plan[],
    });
  });

  it('names every mistake at its line and column', () => {
    expect(
      errors(`plans:
  - name: surge-amber
    level: amber
    type: trafic_surge
    centres: [hangzhou, atlantis]
    undo: later
    colour: red
    actions:
      - notify: { group: duty-manager, template: level-alrt }
      - activateSeats: { seatType: onsite, count: many }
      - activateSeats: { seatType: home, count: 4, max: 3 }
      - reroute: { queue: voicemail, share: 130%, expiresAfter: 2 hours }
      - reroute: { media: fax, share: 0.3 }
      - reroute: { queue: voice, media: voice, share: 30% }
      - reroute: { share: 30%, expiresAfter: 0s }
      - banner: { text: "ok", confirm: yes }
        notify: { group: duty-managers, template: level-alert }
      - bannr: { text: x }
      - {}
      - notify: { group: duty-managers }
  - name: "has:colon"
    level: red
    actions: []
  - centres: all
    actions:
      - reroute: { media: voice, share: 60% }
      - activateSeats: { seatType: home, count: 2 }
`),
    ).toEqual([
      `${FILE}:7:5: unknown key "colour" in a plan (allowed: name, level, type, centres, undo, actions)`,
      `${FILE}:3:12: unknown level "amber" (levels: yellow, orange, red, black)`,
      `${FILE}:4:11: unknown incident type "trafic_surge" (did you mean traffic_surge?) (types: traffic_surge, fire, epidemic, severe_weather, pr_crisis, equipment_failure)`,
      `${FILE}:5:25: unknown centre "atlantis" (centres: hangzhou, shanghai, wuhan, all)`,
      `${FILE}:6:11: unknown undo "later" (undo modes: auto, confirm)`,
      `${FILE}:9:26: unknown group "duty-manager" (did you mean duty-managers?) (groups: duty-managers, emergency-echelon)`,
      `${FILE}:9:50: unknown template "level-alrt" (did you mean level-alert?) (templates in alerts/templates: emergency-alert, level-alert, outage-apology, seat-callout, service-reminder)`,
      `${FILE}:10:36: unknown seat type "onsite" (standby seats: home, backup, phone_im)`,
      `${FILE}:10:51: count (or auto) must be a whole number from 1 to 1000`,
      `${FILE}:11:52: max only applies to count: auto`,
      `${FILE}:12:27: unknown queue "voicemail" (did you mean voice-vip?) (queues of hangzhou: voice, voice-vip, chat, email)`,
      `${FILE}:12:45: share must be a percentage above 0% and at most 100%, like 30%`,
      `${FILE}:12:65: bad duration "2 hours" for expiresAfter: write a duration like 90s, 5m or 1h30m`,
      `${FILE}:13:27: unknown media "fax" (media: voice, chat, email, sms, video, social)`,
      `${FILE}:13:39: share must be a percentage above 0% and at most 100%, like 30%`,
      `${FILE}:14:34: reroute takes a queue or a media, not both`,
      `${FILE}:15:18: reroute needs a queue (e.g. queue: voice) or a media (e.g. media: chat)`,
      `${FILE}:15:46: expiresAfter must be longer than 0s (leave it out to keep the routing until undone)`,
      `${FILE}:16:40: confirm must be true or false`,
      `${FILE}:17:9: one action per list item: start "notify" on its own "- " line`,
      `${FILE}:18:9: unknown key "bannr" in an action (did you mean banner?)`,
      `${FILE}:19:9: an action needs one of: notify, activateSeats, reroute, banner, announce, remind`,
      `${FILE}:20:17: notify needs template`,
      `${FILE}:21:11: plan name "has:colon" must be letters, digits, -, _ or . (at most 64)`,
      `${FILE}:23:14: a plan needs at least one action`,
      `${FILE}:24:5: a plan needs a name`,
      `${FILE}:24:5: a plan needs a level: yellow, orange, red, black`,
      `${FILE}:26:9: reroute needs a centre: a plan for network-wide incidents (centres: all) cannot move traffic`,
      `${FILE}:27:9: activateSeats needs a centre: a plan for network-wide incidents (centres: all) cannot call in seats`,
    ]);
  });

  it.each([
    ['an empty file', '', `${FILE}:1:1: empty plan file: expected "plans:" and a list of plans`],
    ['a rule file', 'rules: []\n', `${FILE}:1:1: unknown key "rules" in a plan file (allowed: plans)`],
    ['plans that are not a list', 'plans: surge\n', `${FILE}:1:8: plans must be a list`],
    ['a YAML syntax error', 'plans:\n  - name: [a\n', `${FILE}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]`],
  ])('refuses %s', (_, text, first) => {
    expect(errors(text)[0]).toBe(first);
  });

  it('says where templates were looked for when there are none', () => {
    const bare = { ...config, plans: { ...config.plans, templatesDir: 'nowhere', templates: {} } };
    const result = parsePlanFile('plans:\n  - { name: p, level: red, actions: [{ notify: { group: duty-managers, template: level-alert } }] }\n', FILE, bare);
    expect(result).toMatchObject({
      ok: false,
      errors: [
        `${FILE}:2:82: unknown template "level-alert" (no templates in nowhere)`,
      ],
    });
  });

  it('needs the seat-callout template when activateSeats names none', () => {
    const bare = { ...config, plans: { ...config.plans, templates: { 'level-alert': 'x' } } };
    const result = parsePlanFile('plans:\n  - name: p\n    level: red\n    actions:\n      - activateSeats: { seatType: home, count: 2 }\n', FILE, bare);
    expect(result).toMatchObject({ ok: false, errors: [`${FILE}:5:9: activateSeats needs a template: there is no "seat-callout" in alerts/templates`] });
  });
});

describe('mergePlanFiles', () => {
  it('refuses a plan name used twice across files', () => {
    const text = 'plans:\n  - { name: surge-red, level: red, actions: [{ banner: { text: x } }] }\n';
    expect(mergePlanFiles([parsePlanFile(text, 'a.yaml', config), parsePlanFile(text, 'b.yaml', config)])).toEqual({
      ok: false,
      errors: ['b.yaml:2:5: plan name "surge-red" is already used at a.yaml:2:5'],
    });
  });

  it('reports a file it cannot read', () => {
    expect(loadPlanFiles(['alerts/plans/missing.yaml'], config)).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^alerts\/plans\/missing\.yaml: cannot read: ENOENT/)],
    });
  });
});
