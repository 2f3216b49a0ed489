/**
 * vite.config.ts builds the wallboard app (Svelte 5 + d3) into wallboard/dist. The server serves
 * dist/index.html for GET /wall and GET /control and the files under /assets/*.
 *
 *   npx vite build --config wallboard/vite.config.ts
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
// `vite --config wallboard/vite.config.ts` (dev) forwards the live socket and APIs to a local server.
const apiTarget = process.env.SURGE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  // No svelte.config.js: Svelte 5 strips `lang="ts"` types itself, so no preprocessor is needed.
  plugins: [svelte({ configFile: false })],
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
