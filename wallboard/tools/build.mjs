/**
 * ensureBuilt builds the wallboard (`vite build --config wallboard/vite.config.ts`) when
 * wallboard/dist/index.html is missing or older than any source. Test files run in parallel, so a
 * lock folder makes one of them build while the others wait for it. Used by the browser tests
 * and the render benchmark.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WALLBOARD = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(WALLBOARD, '..');
const BUILT = join(WALLBOARD, 'dist', 'index.html');
// Outside dist/, which the build empties.
const LOCK = join(tmpdir(), 'surge-wallboard-build.lock');
const SOURCES = ['src', 'index.html', 'vite.config.ts'].map((p) => join(WALLBOARD, p));
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 120_000;

/** newest is the latest modification time under some paths. */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
    else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach(walk);
  return t;
}

const upToDate = () => existsSync(BUILT) && statSync(BUILT).mtimeMs >= newest(SOURCES);

/** ensureBuilt returns once wallboard/dist is current; true when this call built it. */
export async function ensureBuilt() {
  while (!upToDate()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (upToDate()) return false; // another process finished while we took the lock
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(WALLBOARD, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
      return true;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return false;
}
