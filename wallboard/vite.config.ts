/**
 * vite.config.ts builds the wallboard app (Svelte 5 + the d3 modules it uses) into wallboard/dist.
 * The server serves dist/index.html for GET /wall and GET /control and the files under /assets/*,
 * which the build also writes brotli- and gzip-compressed (server/platform/http/precompress.ts).
 *
 *   npx vite build --config wallboard/vite.config.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { precompressDir } from '../server/platform/http/precompress.js';

const root = fileURLToPath(new URL('.', import.meta.url));
// `vite --config wallboard/vite.config.ts` (dev) forwards the live socket and APIs to a local server.
const apiTarget = process.env.SURGE_URL ?? 'http://127.0.0.1:8080';

/** precompress writes `.br` and `.gz` beside each built asset once the bundle is on disk. */
const precompress = (): Plugin => ({
  name: 'surge-precompress',
  apply: 'build',
  closeBundle() {
    precompressDir(join(root, 'dist', 'assets'));
  },
});

export default defineConfig({
  root,
  base: '/',
  // No svelte.config.js: Svelte 5 strips `lang="ts"` types itself, so no preprocessor is needed.
  plugins: [svelte({ configFile: false }), precompress()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/v1': { target: apiTarget, ws: true, changeOrigin: true },
    },
  },
});
