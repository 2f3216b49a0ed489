/**
 * serveScreens serves the built wallboard app: `/wall`, `/control` and `/reports` get its
 * index.html (the app picks the screen from the path), `/assets/*` its files — compressed
 * at build time (precompress.ts): brotli or gzip when the client's Accept-Encoding takes
 * them and the build wrote them, else the file as is; `Vary: Accept-Encoding` either way.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { acceptedCodings, ENCODINGS } from './precompress.js';
import type { Reply, RequestContext } from './request.js';
import { LOCALE_TAG, type Locale } from '../../config/locales.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // 'self' covers this origin's ws:// and wss:// too (CSP Level 3, every current browser): the screens talk to no other host.
  'Content-Security-Policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
};

/** serveScreens serves the app; its page says `locale` (the config's) in `<html lang>`, which a screen's `?lang=` overrides. */
export function serveScreens(distDir: string, locale: Locale = 'en') {
  const cache = new Map<string, Buffer>();
  const read = (file: string): Buffer | undefined => {
    let body = cache.get(file);
    if (!body && isFile(file)) cache.set(file, (body = readFileSync(file)));
    return body;
  };
  /** A compressed variant the build did not write is remembered as missing (assets are immutable). */
  const variants = new Map<string, Buffer | null>();
  const variant = (file: string): Buffer | undefined => {
    let body = variants.get(file);
    if (body === undefined) variants.set(file, (body = read(file) ?? null));
    return body ?? undefined;
  };
  const notBuilt: Reply = { status: 503, body: 'The screens are not built yet: run `npm run build` (npm start does it for you).\n' };

  return {
    page: (): Reply => {
      const built = read(join(distDir, 'index.html'));
      const body = built && Buffer.from(built.toString('utf8').replace('<html lang="en">', `<html lang="${LOCALE_TAG[locale]}">`));
      return body ? { body, contentType: TYPES['.html'], headers: { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' } } : notBuilt;
    },
    asset: (ctx: RequestContext): Reply => {
      const relative = normalize(decodeURIComponent(ctx.url)).replace(/^(\.\.[/\\])+/, '');
      if (!relative.startsWith('/assets/')) return { status: 404, body: { error: 'not found' } };
      const file = join(distDir, relative);
      const body = read(file);
      if (!body) return { status: 404, body: { error: 'not found' } };
      const headers = { ...SECURITY_HEADERS, 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding' };
      const contentType = TYPES[extname(relative)] ?? 'application/octet-stream';
      for (const coding of acceptedCodings(ctx.headers['accept-encoding'])) {
        const packed = variant(file + ENCODINGS.find((e) => e.coding === coding)!.suffix);
        if (packed) return { body: packed, contentType, headers: { ...headers, 'Content-Encoding': coding } };
      }
      return { body, contentType, headers };
    },
  };
}

/** isFile is false for a folder (`/assets/`) and for names no file can have, which are simply not found. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
