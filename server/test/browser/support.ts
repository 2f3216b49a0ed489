/**
 * Browser test support: the built screens, a real server (in-process, real Redis, quick rules and
 * optionally plans in a temp folder) and Debian's Chromium through playwright-core. Screenshots go
 * to artifacts/screenshots/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import uWS from 'uWebSockets.js';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../config/types.js';
import { startServer, type RunningServer } from '../../main.js';
import { api, demoConfig, quietLogger, removeKeys, TOKENS, writeRulesFolder } from '../support/env.js';
import { quickVoiceRules } from '../support/quick-rules.js';
import { ensureBuilt } from '../../../wallboard/tools/build.mjs';
import { chromiumPath, launch } from '../../../wallboard/tools/chromium.mjs';

export { ensureBuilt, launch };

/** Whether the browser suite can run; when not, it is skipped with this reason. */
export const NO_BROWSER = chromiumPath() === null ? 'browser tests skipped: /usr/bin/chromium is missing and could not be installed' : null;

const QUICK_RULES = quickVoiceRules({ name: 'quick-voice', hold: { yellow: '0s', orange: '0s', red: '0s' } });

export const CENTRES = ['hangzhou', 'shanghai', 'wuhan'] as const;

export interface SurgeOptions {
  /** Listen here (a restart on the same port); default any free one. */
  port?: number;
  /** Plan YAML to run instead of the shipped plans (alerts/plans). */
  plans?: string;
  /** Further changes to the demo config (an ACD endpoint…). */
  configure?: (c: Config) => void;
  /** Backoff of retried jobs (webhooks become dead letters after 6 attempts). */
  jobBackoffMs?: number;
  /** More rules (list entries, indented as under `rules:`) after the quick ones. */
  moreRules?: string;
}

/**
 * startSurge runs the real server with quick rules, and the shipped plans unless `plans` says
 * otherwise. Feeds count as silent only after a day, unless `configure` says otherwise: the
 * tests post their traffic once, and only the freshness test is about silence.
 */
export async function startSurge(prefix: string, options: SurgeOptions = {}): Promise<RunningServer & { base: string }> {
  const { dir, plansDir } = writeRulesFolder(QUICK_RULES + (options.moreRules ?? ''), options.plans);
  const config = demoConfig(prefix, (c) => {
    c.rules.dir = dir;
    for (const centre of c.centres) centre.silentAfterSec = 86_400;
    if (options.plans !== undefined) c.plans.dir = plansDir;
    options.configure?.(c);
  });
  const server = await startServer(config, quietLogger(), { port: options.port ?? 0, jobBackoffMs: options.jobBackoffMs });
  return { ...server, base: `http://127.0.0.1:${server.port}` };
}

export type Surge = Awaited<ReturnType<typeof startSurge>>;

/** BrowserSurge is the server and the Chromium a browser test file shares: read them inside its tests. */
export interface BrowserSurge {
  server: Surge;
  browser: Browser;
}

/**
 * useSurge builds the screens, starts the server (with `options`, then posts each batch of `traffic`
 * in order) and Chromium before the file's tests; after them it closes both and removes the file's keys.
 */
export function useSurge(prefix: string, traffic: () => string[], options: () => Promise<SurgeOptions> | SurgeOptions = () => ({})): BrowserSurge {
  const handle = {} as BrowserSurge;
  beforeAll(async () => {
    await ensureBuilt();
    handle.server = await startSurge(prefix, await options());
    for (const batch of traffic()) await api(handle.server.base).postEvents(batch);
    handle.browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await handle.browser?.close();
    await handle.server?.stop();
    await removeKeys(prefix);
  });
  return handle;
}

/**
 * portFree resolves once `port` can be listened on again. The uWS build we use does not set
 * SO_REUSEADDR, so a port that served connections stays blocked by their TIME_WAIT (60 s on Linux)
 * after the server stops, and longer when a client is slow to close its side (FIN_WAIT2 first):
 * once over 90 s in a CI run. Probing first keeps a failed start from leaving a half-started
 * pipeline. A timeout says which sockets still hold the port.
 */
export async function portFree(port: number, timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const socket = await new Promise<uWS.us_listen_socket | false>((resolve) => uWS.App().listen('127.0.0.1', port, resolve));
    if (socket) return uWS.us_listen_socket_close(socket);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`port ${port} still in use after ${timeoutMs} ms:\n${socketsOn(port)}`);
}

/** socketsOn lists the TCP sockets on a local or remote port, with their state (`ss`), for a failure message. */
function socketsOn(port: number): string {
  try {
    return execFileSync('ss', ['-tanp', `( sport = :${port} or dport = :${port} )`], { encoding: 'utf8' });
  } catch (err) {
    return `(ss: ${(err as Error).message})`;
  }
}

/** declareIncident declares an emergency as a dispatcher would and returns its id (a refusal fails the test). */
export async function declareIncident(base: string, type: string, centre: string, level: string): Promise<string> {
  const res = await fetch(`${base}/v1/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.dispatcher}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type, centre, level, note: 'browser test' }),
  });
  if (res.status !== 201) throw new Error(`declaring ${type} at ${centre}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { incident: { id: string } }).incident.id;
}

export const SCREENSHOTS = join(process.cwd(), 'artifacts', 'screenshots');

/** signInWithPassword fills the control screen's sign-in form and submits it. */
export async function signInWithPassword(page: Page, user: string, password: string): Promise<void> {
  await page.locator('input[name="user"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** signInWithToken signs in with an API token, the sign-in form's folded-away option. */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.getByText('Sign in with an API token instead').click();
  await page.locator('input[name="token"]').fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
}

/**
 * actWithReason clicks `opener` (a control-screen action), gives `reason` in the dialog it opens
 * and submits it with its `name` button, then waits for the dialog to close. With `refusedFirst`
 * it first submits no reason and waits for the server's refusal, shown in the dialog.
 */
export async function actWithReason(page: Page, opener: Locator, name: string, reason: string, options: { refusedFirst?: boolean } = {}): Promise<void> {
  await opener.click();
  const dialog = page.locator('dialog[open]');
  const submit = dialog.getByRole('button', { name, exact: true });
  if (options.refusedFirst) {
    await submit.click();
    await dialog.getByRole('alert').filter({ hasText: 'reason is required: say why' }).waitFor();
  }
  await dialog.locator('textarea[name="reason"]').fill(reason);
  await submit.click();
  await dialog.waitFor({ state: 'detached' });
}

/** screenshot saves the page (the viewport, or all of it with `fullPage`) as artifacts/screenshots/<name>.png and returns the path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}
