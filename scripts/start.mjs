#!/usr/bin/env node
// `npm start`: build whatever is out of date (server, screens), then run `surge start`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (paths) => {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      if (p.endsWith('node_modules') || p.endsWith('dist')) return;
      for (const f of readdirSync(p)) walk(join(p, f));
    } else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach(walk);
  return t;
};
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const run = (script) => {
  console.log(`> npm run ${script}`);
  const r = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (newest(['server', 'loadtest', 'tsconfig.json']) > builtAt('dist/surge/main.js')) run('build:server');
if (newest(['wallboard/src', 'wallboard/index.html', 'wallboard/vite.config.ts']) > builtAt('wallboard/dist/index.html')) run('build:wallboard');

const { main } = await import('../dist/surge/main.js');
process.exitCode = await main(['start', ...process.argv.slice(2)]);
