import { describe, expect, it } from 'vitest';
import { parseRuleFile } from './rule-file.js';
import type { Rule } from './rule.js';
import { parseRuleTestFile, type RuleTestFile } from './test-file.js';
import { formatTestResult } from './test-report.js';
import { passed, runRuleTest } from './test-runner.js';

const RULES = `
rules:
  - name: q
    scope: queue:*/voice
    clear: 1m
    yellow: { when: waiting >= 10, for: 1m }
    red: { when: serviceLevel < 50%, for: 30s }
`;

function rules(): Rule[] {
  const loaded = parseRuleFile(RULES, 'rules.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.rules;
}

function suite(text: string): RuleTestFile {
  const loaded = parseRuleTestFile(text, 'rules/tests/t.test.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.suite;
}

const TESTS = `ruleFiles: [../default.yaml, extra.yaml]
tests:
  - name: rises and clears
    scope: queue:a/voice
    series:
      - { at: 0s, waiting: 12, serviceLevel: 90% }
      - { at: 2m, waiting: 3, serviceLevel: 40% }
      - { at: 4m, serviceLevel: null }
    expect:
      - { at: 59s, level: normal }
      - { at: 1m, level: yellow }
      - { at: 2m30s, level: red }
      - { at: 5m, level: normal }
`;

describe('rule tests', () => {
  it('reads a test file, resolving rule files next to it', () => {
    const s = suite(TESTS);
    expect(s.ruleFiles).toEqual(['rules/default.yaml', 'rules/tests/extra.yaml']);
    expect(s.tests[0]?.series[1]).toEqual({ at: 120_000, values: { waiting: 3, serviceLevel: 0.4 } });
    expect(s.tests[0]?.expect[2]).toEqual({ at: 150_000, level: 'red', where: 'rules/tests/t.test.yaml:12:9' });
  });

  it('passes when the levels match', () => {
    const result = runRuleTest(suite(TESTS).tests[0]!, rules());
    expect(passed(result)).toBe(true);
    expect(formatTestResult(result)).toBe('ok   rises and clears\n');
  });

  it('fails with a diff and the transitions that happened', () => {
    const wrong = TESTS.replace('{ at: 2m30s, level: red }', '{ at: 2m30s, level: orange }');
    const result = runRuleTest(suite(wrong).tests[0]!, rules());
    expect(passed(result)).toBe(false);
    expect(formatTestResult(result)).toBe(
      [
        'FAIL rises and clears  (rules/tests/t.test.yaml:3:5)',
        '  at 2m30s: expected orange, got red  (rules/tests/t.test.yaml:12:9)',
        '  transitions that happened:',
        '    1m      q queue:a/voice: normal → yellow (rise)  waiting=12 serviceLevel=90%',
        '    2m30s   q queue:a/voice: yellow → red (rise)  waiting=3 serviceLevel=40%',
        '    5m      q queue:a/voice: red → normal (clear)  waiting=3 serviceLevel=null',
        '',
      ].join('\n'),
    );
  });

  it('fails a test whose scope no rule watches', () => {
    const result = runRuleTest(suite(TESTS.replace('queue:a/voice', 'queue:a/vioce').replace(/ {6}- \{ at: [^\n]*level: (yellow|red) \}\n/g, '')).tests[0]!, rules());
    expect(formatTestResult(result)).toBe('FAIL rises and clears  (rules/tests/t.test.yaml:3:5)\n  no loaded rule watches scope queue:a/vioce\n  no transitions happened\n');
  });

  it('reports every problem in a test file with its line and column', () => {
    const text = `ruleFiles: [../default.yaml]
tests:
  - name: broken
    scope: queue:*/voice
    series:
      - { at: 0s, waiting: 12, serviceLvel: 90%, longestWaitSec: 80% }
      - { at: 0s, waiting: lots }
    expect:
      - { at: 1m, level: yelow }
      - { level: red }
  - scope: all
    series: []
    expect: []
    extra: 1
`;
    const loaded = parseRuleTestFile(text, 't.yaml');
    expect(loaded.ok ? [] : loaded.errors).toEqual([
      't.yaml:4:12: "queue:*/voice" is not a scope id (e.g. queue:hangzhou/voice; no globs)',
      't.yaml:6:32: unknown key "serviceLvel" in a series point (did you mean serviceLevel?)',
      't.yaml:6:66: "80%" does not fit longestWaitSec, which is a time in seconds: compare it with a duration such as 90s or 2m, or a number of seconds',
      't.yaml:7:28: waiting must be a number, a percentage, a duration or null',
      't.yaml:9:26: unknown level "yelow" (did you mean yellow?) (levels: normal, yellow, orange, red, black)',
      't.yaml:10:9: "at" is required',
      't.yaml:3:5: series times must increase (0s follows 0s)',
      't.yaml:14:5: unknown key "extra" in a test (allowed: name, scope, series, expect)',
      't.yaml:11:5: "name" is required',
    ]);
  });
});
