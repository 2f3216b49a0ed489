/**
 * chromium launches Debian's Chromium (/usr/bin/chromium) headless through playwright-core, for
 * the browser tests and the render benchmark. When it is missing and we are root, it installs it
 * with apt-get once; `chromiumPath()` says null when it is missing and cannot be installed.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** chromiumPath: the browser, installed if need be; null (with the reason on stderr) when there is none. */
export function chromiumPath() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    console.error(`${CHROMIUM} is missing and installing it needs root: apt-get install -y chromium`);
    return null;
  }
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit', timeout: 600_000 });
  } catch (err) {
    console.error(`cannot install chromium: ${err.message}`);
  }
  return existsSync(CHROMIUM) ? CHROMIUM : null;
}

/** launch starts a headless browser; `extraArgs` add to the usual flags. */
export function launch(extraArgs = []) {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error(`no Chromium at ${CHROMIUM}`);
  return chromium.launch({ executablePath, args: [...ARGS, ...extraArgs] });
}
