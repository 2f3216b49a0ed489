#!/usr/bin/env node
// The `surge` command: the bundled build when there is one (scripts/bundle-server.mjs), else the sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/surge/main.js', import.meta.url));
let entry;
if (existsSync(built) && process.env.SURGE_FROM_SOURCE !== '1') {
  entry = await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = await import('../server/cli/main.ts');
}
process.exitCode = await entry.main(process.argv.slice(2));
