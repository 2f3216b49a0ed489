import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { loadRuleFiles, mergeRuleFiles } from './load.js';
import { parseRuleFile } from './rule-file.js';
import { ruleWatches } from './rule.js';

function errorsOf(text: string): string[] {
  const loaded = parseRuleFile(text, 'r.yaml');
  return loaded.ok ? [] : loaded.errors;
}

describe('parseRuleFile', () => {
  it('reads a rule with defaults', () => {
    const loaded = parseRuleFile(
      `rules:
  - name: q
    scope: [queue:*/voice, media:voice]
    yellow: { when: waiting >= 10 }
    red:
      when: "longestWaitSec > 2m"
      for: 1m30s
`,
      'r.yaml',
    );
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const [rule] = loaded.rules;
    expect(rule).toMatchObject({ name: 'q', type: 'traffic_surge', clearSec: 60, origin: 'r.yaml:2:5' });
    expect(rule?.scopes.map((s) => s.text)).toEqual(['queue:*/voice', 'media:voice']);
    expect(rule?.levels.yellow?.forSec).toBe(0);
    expect(rule?.levels.red).toMatchObject({ forSec: 90, when: { source: 'longestWaitSec > 2m' } });
    expect(rule?.metrics.map((m) => m.name)).toEqual(['waiting', 'longestWaitSec']);
  });

  it('reports every problem with its line and column', () => {
    const text = `rules:
  - name: voice-queue
    scope: queue:*/voice
    clear: 2x
    yelow: { when: serviceLevel < 80%, for: 2m }
    orange: { when: serviceLvel < 70% or waiting > 2m, for: 2m }
    red:
      when: "waiting >= 10 and \\"x\\" < 3"
      for: soon
  - name: second
    scope: center:*
    type: firee
    black:
      when: >
        waiting >= 10 and
        longestWaitSec > 9q
  - scope: [media:voce, queue:hangzhou]
    purple: { when: waiting > 1 }
`;
    expect(errorsOf(text)).toEqual([
      'r.yaml:5:5: unknown key "yelow" in a rule (did you mean yellow?)',
      'r.yaml:4:12: bad duration "2x" for clear: write a duration like 90s, 5m or 1h30m',
      'r.yaml:6:21: unknown metric "serviceLvel" (did you mean serviceLevel?)',
      'r.yaml:6:52: "2m" does not fit waiting, which is a count: compare it with a plain number',
      'r.yaml:9:12: bad duration "soon" for red.for: write a duration like 90s, 5m or 1h30m',
      `r.yaml:8:32: unexpected '"'`,
      'r.yaml:11:12: unknown scope "center:*" (did you mean centre?): write all, centre:<centre>, queue:<centre>/<queue>, media:<media>, media:<centre>/<media>, region:<region> or skill:<centre>/<skill>',
      'r.yaml:12:11: unknown incident type "firee" (did you mean fire?) (types: traffic_surge, fire, epidemic, severe_weather, pr_crisis, equipment_failure)',
      'r.yaml:16:26: bad number "9q": write 10, 0.8, 80% or a duration (write a duration like 90s, 5m or 1h30m)',
      'r.yaml:18:5: unknown key "purple" in a rule (allowed: name, scope, type, clear, yellow, orange, red, black)',
      'r.yaml:17:5: a rule needs a name',
      'r.yaml:17:13: unknown media "voce" in scope "media:voce" (did you mean voice?) (media: voice, chat, email, sms, video, social)',
      'r.yaml:17:25: bad scope "queue:hangzhou": write queue:<centre>/<queue> with lower-case ids or *',
      'r.yaml:17:5: a rule needs at least one level: yellow, orange, red, black',
    ]);
  });

  it.each([
    ['', ['r.yaml:1:1: empty rule file: expected "rules:" and a list of rules']],
    ['- name: x\n', ['r.yaml:1:1: a rule file must be a mapping']],
    ['rule: []\n', ['r.yaml:1:1: unknown key "rule" in a rule file (did you mean rules?)', 'r.yaml:1:1: a rule file needs "rules:" and a list of rules']],
    ['rules:\n  - name: x\n    name: y\n', ['r.yaml:3:5: Map keys must be unique']],
    ['rules:\n  - name: x y\n    scope: all\n    red: { when: waiting > 1 }\n', ['r.yaml:2:11: rule name "x y" must be letters, digits, -, _ or . (at most 64)']],
    ['rules:\n  - name: x\n    scope: all\n    red: { for: 1m }\n', ['r.yaml:4:10: level red needs a condition: { when: <condition>, for: <duration> }']],
    ['rules:\n  - name: x\n    scope: all\n    red: { when: 5 }\n', ['r.yaml:4:18: red.when must be text']],
    ['rules:\n  - name: x\n    scope: all\n    red: { when: waiting > 1, for: 60 }\n', ['r.yaml:4:36: bad duration "60" for red.for: write a duration like 90s, 5m or 1h30m']],
  ])('rejects %j', (text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });
});

describe('level order warnings', () => {
  const warningsOf = (levels: string) => {
    const loaded = parseRuleFile(`rules:\n  - name: x\n    scope: all\n${levels}`, 'r.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    return loaded.warnings ?? [];
  };

  it.each([
    ['a looser red on >=', '    yellow: { when: waiting >= 20 }\n    red: { when: waiting >= 10 }\n', ["r.yaml:5:18: warning: red fires before yellow: waiting >= 10 is looser than yellow's waiting >= 20"]],
    ['a looser black on < (orange/black)', '    orange: { when: serviceLevel < 60% }\n    black: { when: serviceLevel < 70% }\n', ["r.yaml:5:20: warning: black fires before orange: serviceLevel < 70% is looser than orange's serviceLevel < 60%"]],
    ['>= at the same threshold as >', '    yellow: { when: waiting > 20 }\n    red: { when: waiting >= 20 }\n', ["r.yaml:5:18: warning: red fires before yellow: waiting >= 20 is looser than yellow's waiting > 20"]],
    ['a literal on the left', '    yellow: { when: waiting >= 20 }\n    red: { when: 10 <= waiting }\n', ["r.yaml:5:18: warning: red fires before yellow: waiting >= 10 is looser than yellow's waiting >= 20"]],
    ['one term of an or', '    yellow: { when: serviceLevel < 80% or waiting >= 20 }\n    red: { when: serviceLevel < 50% or waiting >= 10 }\n', ["r.yaml:5:40: warning: red fires before yellow: waiting >= 10 is looser than yellow's waiting >= 20"]],
  ])('warns for %s', (_, levels, expected) => {
    expect(warningsOf(levels)).toEqual(expected);
  });

  it.each([
    ['the right order', '    yellow: { when: waiting >= 10 }\n    orange: { when: waiting >= 20 }\n    red: { when: serviceLevel < 50% }\n'],
    ['equal thresholds', '    yellow: { when: waiting >= 10, for: 5m }\n    red: { when: waiting >= 10, for: 10m }\n'],
    ['a term held back by and', '    yellow: { when: waiting >= 20 }\n    red: { when: waiting >= 10 and serviceLevel < 50% }\n'],
    ['different metrics or directions', '    yellow: { when: waiting >= 20 }\n    red: { when: waiting < 10 or longestWaitSec > 1m }\n'],
  ])('says nothing for %s', (_, levels) => {
    expect(warningsOf(levels)).toEqual([]);
  });
});

describe('loadRuleFiles', () => {
  it('checks rule names across files and reports unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'surge-rules-'));
    const rule = (name: string) => `  - name: ${name}\n    scope: all\n    red: { when: waiting > 1 }\n`;
    writeFileSync(join(dir, 'a.yaml'), `rules:\n${rule('one')}${rule('two')}`);
    writeFileSync(join(dir, 'b.yaml'), `rules:\n${rule('three')}${rule('one')}`);
    const loaded = loadRuleFiles([join(dir, 'a.yaml'), join(dir, 'b.yaml'), join(dir, 'missing.yaml')]);
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      expect.stringMatching(/missing\.yaml: cannot read: ENOENT/),
      `${join(dir, 'b.yaml')}:5:5: rule name "one" is already used at ${join(dir, 'a.yaml')}:2:5`,
    ]);
    expect(mergeRuleFiles([])).toEqual({ ok: true, rules: [] });
  });

  it('the default rules load and watch every centre, queue and media roll-up of the demo config', () => {
    const loaded = loadRuleFiles(['rules/default.yaml']);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const config = loadConfig('surge.config.yaml', {});
    const scopes = config.centres.flatMap((c) => [
      `centre:${c.id}`,
      ...c.queues.flatMap((q) => [`queue:${c.id}/${q.id}`, `media:${q.media}`, `media:${c.id}/${q.media}`]),
    ]);
    expect(scopes.filter((s) => !loaded.rules.some((r) => ruleWatches(r, s)))).toEqual([]);
  });
});
