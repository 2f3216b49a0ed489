#!/usr/bin/env node
// The server as `surge` runs it: tsc's output (dist/server, type-checked) bundled with its dependencies into
// dist/surge/, each command a chunk loaded when run. Loading the hundreds of files of dist/server and
// node_modules one by one took 1.0–1.4 s of every start; the bundle loads in about half of that
// (docs/performance.md, "Events parsed as they are applied; one file to load"). Left out: the native
// uWebSockets.js, and exceljs and twilio, which the server loads only on the first spreadsheet or SMS.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const OUT = 'dist/surge';
rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { main: 'dist/server/cli/main.js' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['uWebSockets.js', 'exceljs', 'twilio'],
  // The CommonJS dependencies (ioredis, bullmq, pino…) require Node's modules: an ES module has no `require` of its own.
  banner: { js: "import { createRequire as surgeCreateRequire } from 'node:module'; const require = surgeCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
