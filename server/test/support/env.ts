/**
 * Test support: each test file gets its own Redis key prefix (so files run in
 * parallel against the one real Redis) and removes its keys afterwards.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect } from 'vitest';
import { REDIS_URL } from '../../testkit/redis.js';
import { parseConfig, withTemplates } from '../../config/load.js';
import type { Config } from '../../config/types.js';
import { startServer, type RunningServer } from '../../main.js';

import { removeKeys, uniquePrefix } from '../../testkit/redis.js';
export { REDIS_URL, removeKeys, uniquePrefix } from '../../testkit/redis.js';
import { quietLogger } from '../../testkit/wait.js';
export { quietLogger, waitUntil } from '../../testkit/wait.js';

/** demoConfig is the shipped surge.config.yaml with a test prefix, no simulator and quiet logs. */
export function demoConfig(prefix: string, overrides: (c: Config) => void = () => undefined): Config {
  const config = withTemplates(parseConfig(readFileSync('surge.config.yaml', 'utf8'), 'surge.config.yaml', { REDIS_URL, SURGE_SIMULATE: 'off' }));
  config.redis.prefix = prefix;
  config.server.host = '127.0.0.1';
  overrides(config);
  return config;
}

/** rejection awaits a promise that must fail with a `type` error, and returns the error. */
export async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(type);
  return err as E;
}

export const TOKENS = {
  ingest: 'demo-ingest-token',
  display: 'demo-display-token',
  dispatcher: 'demo-dispatcher-token',
  acd: 'demo-acd-token',
};

export function api(base: string) {
  return {
    postEvents: (body: string, options: { token?: string; type?: string } = {}) =>
      fetch(`${base}/v1/events`, {
        method: 'POST',
        headers: {
          ...(options.token === '' ? {} : { authorization: `Bearer ${options.token ?? TOKENS.ingest}` }),
          'content-type': options.type ?? 'application/x-ndjson',
        },
        body,
      }),
    get: (path: string, token = TOKENS.display) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }),
  };
}

/**
 * useServer starts an in-process server on port 0 for the test file (its own key prefix),
 * and stops it and removes its keys afterwards. Read `.base` inside tests.
 */
export function useServer(name: string, overrides: (c: Config) => void = () => undefined) {
  const prefix = uniquePrefix(name);
  const config = demoConfig(prefix, overrides);
  const handle = { prefix, config, base: '', port: 0, server: undefined as RunningServer | undefined };
  beforeAll(async () => {
    handle.server = await startServer(config, quietLogger(), { port: 0 });
    handle.port = handle.server.port;
    handle.base = `http://127.0.0.1:${handle.server.port}`;
  });
  afterAll(async () => {
    await handle.server?.stop();
    await removeKeys(prefix);
  });
  return handle;
}

/**
 * useRedis gives the test file its own key prefix and a connection to the real Redis; after
 * the file's tests it closes the connection and removes the file's keys.
 */
export function useRedis(name: string): { prefix: string; redis: Redis } {
  const prefix = uniquePrefix(name);
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await removeKeys(prefix);
  });
  return { prefix, redis };
}

/** writeRulesFolder puts rule YAML (and optionally plan YAML in `plans/`) in a fresh temp folder. */
export function writeRulesFolder(rules: string, plans?: string): { dir: string; plansDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'surge-rules-'));
  writeFileSync(join(dir, 'rules.yaml'), rules);
  const plansDir = join(dir, 'plans');
  if (plans !== undefined) {
    mkdirSync(plansDir);
    writeFileSync(join(plansDir, 'plans.yaml'), plans);
  }
  return { dir, plansDir };
}
