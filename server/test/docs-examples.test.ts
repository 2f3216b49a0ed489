/**
 * Every shell example of README.md and docs/*.md runs as printed and prints its documented
 * answer, against a server this test starts (own port, own Redis prefix, the demo config).
 * The conventions are in ./support/doc-examples.ts and docs/development.md: examples reach the
 * server through `${SURGE_URL:-http://127.0.0.1:8080}` and the tokens through
 * `${SURGE_<ROLE>_TOKEN:-demo-<role>-token}`, which this test points at its own server.
 * Examples that cannot run here say why in `<!-- not-run: reason -->`; they are counted.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, TOKENS, useServer, waitUntil } from './support/env.js';
import { examplesIn, mismatch, strayMarkers, type Example } from './support/doc-examples.js';

const FILES = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const EXAMPLES = FILES.flatMap(examplesIn);
const RUNNABLE = EXAMPLES.filter((e) => e.notRun === undefined);
const README_LIMIT = 15 * 1024;

const server = useServer('docs-examples');
// As a reader meets the demo: running, with its first figures published.
beforeAll(() => waitUntil(async () => (await api(server.base).get('/v1/metrics/all')).ok, 'the first figures'));

/** The environment of an example: the caller's, without anything that would point it elsewhere. */
function exampleEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SURGE_|REDIS_URL$|PORT$)/.test(k)));
  return {
    ...env,
    SURGE_URL: server.base,
    SURGE_INGEST_TOKEN: TOKENS.ingest,
    SURGE_DISPLAY_TOKEN: TOKENS.display,
    SURGE_DISPATCHER_TOKEN: TOKENS.dispatcher,
    SURGE_ADMIN_TOKEN: 'demo-admin-token',
    // `npx surge` runs the sources under test, not a dist/ that may be older.
    SURGE_FROM_SOURCE: '1',
  };
}

/** run runs an example in bash (asynchronously: the server under test lives in this process). */
function run(example: Example): Promise<string> {
  // What the terminal shows: stdout and stderr in the order they were written.
  const child = spawn('bash', ['-c', `exec 2>&1\nset -euo pipefail\n${example.script}`], { env: exampleEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  const output: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const printed = Buffer.concat(output).toString('utf8');
      if (code === 0) resolve(printed);
      else reject(new Error(`${example.where} exited ${code ?? signal}:\n${printed}`));
    });
  });
}

describe('the shell examples of README.md and docs/', () => {
  it('are all either run or marked not-run with a reason', () => {
    expect(FILES.flatMap(strayMarkers)).toEqual([]);
    const skipped = EXAMPLES.filter((e) => e.notRun !== undefined).map((e) => `${e.where}: ${e.notRun}`);
    console.info(`${RUNNABLE.length} examples run, ${skipped.length} not run:\n  ${skipped.join('\n  ')}`);
    expect(RUNNABLE.length).toBeGreaterThan(10);
  });

  it('show their answer and reach the server only through SURGE_URL', () => {
    expect(RUNNABLE.filter((e) => e.answer === undefined).map((e) => `${e.where}: no text or json answer after it`)).toEqual([]);
    const hardWired = RUNNABLE.filter((e) => /(localhost|127\.0\.0\.1):8080/.test(e.script.replaceAll('${SURGE_URL:-http://127.0.0.1:8080}', '')));
    expect(hardWired.map((e) => `${e.where}: use \${SURGE_URL:-http://127.0.0.1:8080}`)).toEqual([]);
  });

  for (const example of RUNNABLE) {
    it(`${example.where} runs as printed`, { timeout: 150_000 }, async () => {
      const printed = await run(example);
      if (!example.answer) return; // reported above
      const why = mismatch(example.answer, printed);
      expect(why, `${example.where} does not print its answer (${example.answer.where})`).toBeUndefined();
    });
  }
});

describe('README.md', () => {
  it(`stays under ${README_LIMIT / 1024} KB: what a newcomer needs, the reference is in docs/`, () => {
    expect(statSync('README.md').size).toBeLessThan(README_LIMIT);
  });
});
