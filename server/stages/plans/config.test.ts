/** The contingency-plan sections of the config: the demo's, and every mistake named with its line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusedWith } from '../../test/support/config-problems.js';
import { parseConfig, withTemplates } from '../../config/load.js';
import { groupContacts, rosterContacts } from './index.js';
import { templateFor } from './templates.js';
import { demoConfig } from './testing.js';

// Four lines: what parseConfig needs besides the sections under test.
const BASE = `centres:
  - id: hangzhou
    timezone: Asia/Shanghai
    queues: [{ id: voice, media: voice }]
`;

/** problems lists what boot would refuse: the config's problems, then its templates'. */
const problems = (text: string) => refusedWith(() => withTemplates(parseConfig(BASE + text, 'surge.config.yaml')));

describe('alerting config', () => {
  const config = demoConfig();

  it('reads the demo contacts, groups, rosters, notify policy and templates', () => {
    expect(config.contacts).toHaveLength(32);
    expect(config.contacts[0]).toEqual({ id: 'li-wei', name: 'Li Wei', phone: '+8613800000001' });
    expect(groupContacts(config, 'duty-managers').map((c) => c.name)).toEqual(['Li Wei', 'Zhang Min', 'Wang Fang']);
    expect(groupContacts(config, 'emergency-echelon').map((c) => c.id)).toEqual(['chen-jie', 'liu-yang']);
    for (const centre of ['hangzhou', 'shanghai', 'wuhan']) {
      expect([4, 3, 2]).toEqual((['home', 'backup', 'phone_im'] as const).map((seat) => rosterContacts(config, centre, seat).length));
    }
    expect(config.notify).toEqual({ repeatEverySec: 300, escalateAfterSec: 600 });
    expect(config.plans).toMatchObject({ dir: 'alerts/plans', templatesDir: 'alerts/templates' });
    expect(Object.keys(config.plans.templates).sort()).toEqual(['emergency-alert', 'emergency-alert.zh', 'level-alert', 'level-alert.zh', 'outage-apology', 'outage-apology.zh', 'seat-callout', 'seat-callout.zh', 'service-reminder', 'service-reminder.zh']);
  });

  it('defaults every section when absent', () => {
    const bare = parseConfig(BASE, 'surge.config.yaml');
    expect(bare).toMatchObject({ contacts: [], groups: {}, rosters: { hangzhou: { home: [], backup: [], phone_im: [] } }, notify: { repeatEverySec: 300, escalateAfterSec: 600 } });
    expect(bare.plans.dir).toBe('alerts/plans');
  });

  it('reads a group’s SMS language, and picks a template in it', () => {
    const text = `locale: en
contacts:
  - { id: li-wei, phone: "+8613800000001" }
  - { id: chen-jie, phone: "+8613800000011" }
groups:
  duty-managers: { locale: zh, contacts: [li-wei] }
  echelon: [chen-jie]
`;
    const c = parseConfig(BASE + text, 'surge.config.yaml');
    expect(c.locale).toBe('en');
    expect(c.groups).toEqual({ 'duty-managers': ['li-wei'], echelon: ['chen-jie'] });
    expect(c.groupLocales).toEqual({ 'duty-managers': 'zh' });
    const templates = { alert: 'RED at {centre}', 'alert.zh': '{centre} 红色预警' };
    expect(templateFor(templates, 'alert', 'zh')).toBe('{centre} 红色预警');
    expect(templateFor(templates, 'alert', 'en')).toBe('RED at {centre}');
    expect(templateFor({ alert: 'RED' }, 'alert', 'zh')).toBe('RED');
    expect(templateFor(templates, 'other', 'zh')).toBeUndefined();
    expect(problems(`contacts:\n  - { id: a, phone: "+8613800000001" }\ngroups:\n  g: { locale: fr, contacts: [b] }\n`)).toEqual([
      'surge.config.yaml:8:6: groups.g: must be a list of contact ids, or { locale: zh, contacts: [ids…] }',
      'surge.config.yaml:8:31: groups.g.contacts[0]: unknown contact "b" (did you mean a?)',
    ]);
  });

  it('gives nobody for an unknown group or a centre without a roster', () => {
    expect(groupContacts(config, 'nobody')).toEqual([]);
    expect(groupContacts(config, 'constructor')).toEqual([]);
    expect(rosterContacts(config, 'atlantis', 'home')).toEqual([]);
  });

  it('names every mistake with its line', () => {
    expect(
      problems(`contacts:
  - { id: li-wei, name: Li Wei, phone: "+8613800000001" }
  - { id: zhang-min, phone: "+86 138 0000 0002" }
  - { id: wang-fang, phone: +8613800000003 }
  - { id: li-wei, phone: "+8613800000004" }
  - { id: Chen Jie, phone: "+12" }
  - { name: nobody, mobile: "+8613800000005" }
groups:
  duty-managers: [li-wei, zhang-mim, li-wei]
  empty: []
rosters:
  hangzhou: { home: [zhang-min, liu-yang], onsite: [li-wei] }
  atlantis: { home: [li-wei] }
notify: { repeatEverySec: 10, escalateAfter: 600 }
plans: { dir: alerts/plans, template: x }
`),
    ).toEqual([
      'surge.config.yaml:7:29: contacts[1].phone: "+86 138 0000 0002" is not an E.164 number: "+", country code and number, 7–15 digits, no spaces (e.g. "+8613800000001")',
      'surge.config.yaml:8:29: contacts[2].phone: must be quoted text, e.g. "+8613800000001" (unquoted, YAML reads it as a number)',
      'surge.config.yaml:9:11: contacts[3].id: duplicate contact id "li-wei"',
      'surge.config.yaml:10:11: contacts[4].id: "Chen Jie" must be lower-case letters, digits, - or _ (at most 64)',
      'surge.config.yaml:10:28: contacts[4].phone: "+12" is not an E.164 number: "+", country code and number, 7–15 digits, no spaces (e.g. "+8613800000001")',
      'surge.config.yaml:11:5: contacts[5].id: is required',
      'surge.config.yaml:11:5: contacts[5].phone: is required',
      'surge.config.yaml:11:21: contacts[5].mobile: unknown key (allowed: id, name, phone)',
      'surge.config.yaml:13:27: groups.duty-managers[1]: unknown contact "zhang-mim" (did you mean zhang-min?)',
      'surge.config.yaml:13:38: groups.duty-managers[2]: contact "li-wei" is listed twice',
      'surge.config.yaml:14:10: groups.empty: a group needs at least one contact',
      'surge.config.yaml:16:33: rosters.hangzhou.home[1]: unknown contact "liu-yang"',
      'surge.config.yaml:16:44: rosters.hangzhou.onsite: unknown key (allowed: home, backup, phone_im)',
      'surge.config.yaml:17:13: rosters.atlantis: unknown centre "atlantis" (centres: hangzhou)',
      'surge.config.yaml:18:27: notify.repeatEverySec: must be a whole number from 30 to 86400',
      'surge.config.yaml:18:31: notify.escalateAfter: unknown key (did you mean escalateAfterSec?)',
      'surge.config.yaml:19:29: plans.template: unknown key (did you mean templates?)',
    ]);
  });

  it.each([
    ['+8613800000001', true],
    ['+15005550006', true],
    ['+4420 7946 0000', false],
    ['8613800000001', false],
    ['+0861380000000', false],
    ['+123456', false],
    ['+1234567', true],
    ['+123456789012345', true],
    ['+1234567890123456', false],
  ])('E.164: %s → %s', (phone, ok) => {
    const text = `contacts:\n  - { id: a, phone: "${phone}" }\n`;
    expect(ok ? parseConfig(BASE + text, 'x.yaml').contacts[0]?.phone : problems(text)[0]).toBe(
      ok ? phone : `surge.config.yaml:6:21: contacts[0].phone: "${phone}" is not an E.164 number: "+", country code and number, 7–15 digits, no spaces (e.g. "+8613800000001")`,
    );
  });

  it('checks the placeholders of the templates, naming the template file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-templates-'));
    writeFileSync(join(dir, 'ok.txt'), '{level} at {centre}\n');
    writeFileSync(join(dir, 'typo.txt'), 'Alert {level}\nat {centr}\n');
    writeFileSync(join(dir, 'ignored.md'), '{whatever}');
    expect(problems(`plans: { templates: ${dir} }\n`)).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'typo.txt')}:2:4: unknown placeholder \\{centr\\} \\(did you mean centre\\?\\)`)),
    ]);
    writeFileSync(join(dir, 'typo.txt'), 'Alert {level}\nat {centre}\n');
    expect(withTemplates(parseConfig(`${BASE}plans: { templates: ${dir} }\n`, 'x.yaml')).plans.templates).toEqual({ ok: '{level} at {centre}', typo: 'Alert {level}\nat {centre}' });
  });
});
