/**
 * parseConfig on hostile text, property-based: whatever the file holds, it returns a config or
 * throws ConfigError listing problems as `file:line:col: …` (or `environment: …`) — never
 * another error, so boot and `surge config check` always say what is wrong.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { anyValue, hostileText } from '../test/support/hostile-yaml.js';
import { ConfigError, parseConfig } from './load.js';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 1_000);
const PROBLEM = /^c\.yaml:\d+:\d+: \S/;

const demo = readFileSync('surge.config.yaml', 'utf8');
// Each top-level section on its own after the centres as well as the whole file: edits land closer.
const sections = demo.split(/\n(?=[a-z])/);
const centres = sections.find((s) => s.startsWith('centres:')) ?? '';
const seeds = [demo, ...sections.map((s) => `${centres}\n${s}\n`)];
const structured = fc
  .dictionary(fc.constantFrom('server', 'metrics', 'centres', 'auth', 'contacts', 'groups', 'rosters', 'adapters', 'twilio', 'acd', 'freshness', 'incidnets'), anyValue, { maxKeys: 5 })
  .map((doc) => stringify(doc));

const configText = hostileText(seeds, structured, { edited: 4, structured: 2 });

describe('parseConfig on hostile text', () => {
  it(`returns a config or throws ConfigError with file:line:col problems (${RUNS} files)`, () => {
    fc.assert(
      fc.property(configText, (text) => {
        try {
          expect(parseConfig(text, 'c.yaml').centres.length).toBeGreaterThan(0);
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          expect(err.problems.length).toBeGreaterThan(0);
          expect(err.problems.filter((p) => !PROBLEM.test(p))).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
  }, 30_000 + RUNS * 20);
});
