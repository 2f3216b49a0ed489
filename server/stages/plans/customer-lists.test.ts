/** Customer lists and the opt-out list for `remind`: what is read, and every mistake at its file and line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, withCustomerLists } from '../../config/load.js';
import { DEMO_CONFIG_TEXT } from './testing.js';
import { readCustomerLists, readOptOuts } from './customer-lists.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'surge-lists-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('readCustomerLists', () => {
  it('reads CSV (a header naming phone, and locale) and YAML lists, by file name', () => {
    const dir = folder({
      'outage-hz.csv': 'name,phone,locale\n"Wang, Fang",+8613900000001,zh\nLi Wei,+8613900000002,\n\n',
      'vip.yaml': 'customers:\n  - "+8613900000003"\n  - { phone: "+8613900000004", locale: en }\n',
      'notes.txt': 'not a list',
    });
    expect(readCustomerLists(dir, 10)).toEqual({
      lists: {
        'outage-hz': [{ phone: '+8613900000001', locale: 'zh' }, { phone: '+8613900000002' }],
        vip: [{ phone: '+8613900000003' }, { phone: '+8613900000004', locale: 'en' }],
      },
      problems: [],
    });
  });

  it('names every mistake at its file and line, and refuses a list longer than maxRecipients', () => {
    const dir = folder({
      'a.csv': 'phone,colour\n+8613900000001,red\n13900000002,blue\n+8613900000001,red\n',
      'b.csv': 'number\n+8613900000001\n',
      'c.yaml': 'customers:\n  - +8613900000005\n  - { phone: "+8613900000006", locale: fr }\n  - { tel: "+8613900000007" }\n',
      'd.csv': 'phone,locale\n+8613900000001,\n+8613900000002,\n+8613900000003,\n',
    });
    const { problems } = readCustomerLists(dir, 2);
    expect(problems).toEqual([
      `${dir}/a.csv:1:2: unknown column "colour" (columns: phone, locale, name)`,
      `${dir}/a.csv:3:1: "13900000002" is not an E.164 number ("+", country code and number, 7–15 digits)`,
      `${dir}/a.csv:4:1: +86***01 is listed twice (first on line 2)`,
      `${dir}/b.csv:1:1: unknown column "number" (columns: phone, locale, name)`,
      `${dir}/b.csv:1:1: the first line must name the columns, with "phone" among them`,
      `${dir}/c.yaml:2:5: must be quoted text, e.g. "+8613900000001" (unquoted, YAML reads it as a number)`,
      `${dir}/c.yaml:3:40: unknown locale "fr" (locales: en, zh)`,
      expect.stringMatching(new RegExp(`^${dir}/c\\.yaml:4:7: unknown key "tel" in a customer`)),
      `${dir}/c.yaml:4:5: a customer needs a phone`,
      `${dir}/d.csv:1:1: 3 customers, more than remind.maxRecipients (2)`,
    ]);
  });
});

describe('the opt-out list', () => {
  it('is one number a line, with comments; a wrong line is named', () => {
    const dir = folder({ 'opt-out.txt': '# replied STOP by phone\n+8613900000001\n\n+8613900000002  # asked at the counter\n139 0000 0003\n' });
    expect(readOptOuts(join(dir, 'opt-out.txt'))).toEqual({
      phones: new Set(['+8613900000001', '+8613900000002']),
      problems: [`${dir}/opt-out.txt:5:1: "139 0000 0003" is not an E.164 number ("+", country code and number, 7–15 digits)`],
    });
  });

  it('is read with the config, which refuses to start on a bad list or a missing opt-out file', () => {
    const dir = folder({ 'outage.csv': 'phone\n+8613900000001\n', 'opt-out.txt': '+8613900000001\n' });
    const config = withCustomerLists(parseConfig(`${DEMO_CONFIG_TEXT}\nremind: { ratePerSec: 5, lists: ${dir}, optOut: ${dir}/opt-out.txt }\n`, 'surge.config.yaml'));
    expect(config.remind).toMatchObject({ ratePerSec: 5, maxRecipients: 5000, lists: { outage: [{ phone: '+8613900000001' }] }, optOut: new Set(['+8613900000001']) });
    const missing = () => withCustomerLists(parseConfig(`${DEMO_CONFIG_TEXT}\nremind: { optOut: ${dir}/none.txt }\n`, 'surge.config.yaml'));
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow(new RegExp(`${dir}/none\\.txt: cannot read`));
  });

  it('refuses remind settings out of range, at their line', () => {
    const lines = DEMO_CONFIG_TEXT.split('\n').length;
    expect(() => parseConfig(`${DEMO_CONFIG_TEXT}\nremind: { ratePerSec: 0, maxRecipients: 1000000, size: 3 }\n`, 'surge.config.yaml')).toThrow(
      expect.objectContaining({
        problems: [
          `surge.config.yaml:${lines + 1}:23: remind.ratePerSec: must be a whole number from 1 to 1000`,
          `surge.config.yaml:${lines + 1}:41: remind.maxRecipients: must be a whole number from 1 to 100000`,
          expect.stringMatching(new RegExp(`^surge\\.config\\.yaml:${lines + 1}:50: remind\\.size: unknown key`)),
        ],
      }),
    );
  });
});
