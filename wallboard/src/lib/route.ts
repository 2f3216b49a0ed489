/**
 * route: which screen a page shows, where its token comes from, and the live socket's address.
 * The server serves the same index.html for /wall, /control and /reports.
 */
import { liveEncodingSupported } from './live/frame.js';

export type Screen = 'wall' | 'control' | 'reports';

export function screenFor(pathname: string): Screen {
  if (/^\/control(\/|$)/.test(pathname)) return 'control';
  return /^\/reports(\/|$)/.test(pathname) ? 'reports' : 'wall';
}

/** reportFor: the incident whose report the control screen shows (`#report/<id>`), else null. */
export function reportFor(hash: string): string | null {
  const match = /^#report\/(.+)$/.exec(hash);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** reportHash: the address of an incident's report on the control screen. */
export const reportHash = (id: string): string => `#report/${encodeURIComponent(id)}`;

export const DISPLAY_TOKEN_KEY = 'surge.displayToken';

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * displayToken: `?token=` in the page address (remembered for the next load), else the one
 * remembered on this screen, else null (the wall then asks for one).
 */
export function displayToken(search: string, storage: KeyValue | null): string | null {
  const fromUrl = new URLSearchParams(search).get('token')?.trim();
  if (fromUrl) {
    try {
      storage?.setItem(DISPLAY_TOKEN_KEY, fromUrl);
    } catch {
      // storage may be disabled (kiosk mode); the URL still works
    }
    return fromUrl;
  }
  return readStored(storage, DISPLAY_TOKEN_KEY);
}

export function readStored(storage: KeyValue | null, key: string): string | null {
  try {
    return storage?.getItem(key)?.trim() || null;
  } catch {
    return null;
  }
}

/**
 * liveUrl: ws(s)://<same host>/v2/live?token=… — on a wall with `&hall=<its hall>` (empty: the first),
 * so it receives only its hall's scopes; the control screen names no hall and receives every scope.
 * `&encoding=deflate` where the browser can inflate the server's compressed frames (live/frame.ts);
 * without it the server sends plain JSON as before.
 */
export function liveUrl(
  location: Pick<Location, 'protocol' | 'host' | 'pathname' | 'search'>,
  token: string,
  deflate = liveEncodingSupported(),
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const hall = screenFor(location.pathname) === 'wall' ? `&hall=${encodeURIComponent(new URLSearchParams(location.search).get('hall')?.trim() ?? '')}` : '';
  return `${scheme}//${location.host}/v2/live?token=${encodeURIComponent(token)}${hall}${deflate ? '&encoding=deflate' : ''}`;
}

/** safeStorage: a Storage, or null where the browser refuses one. */
export function safeStorage(which: 'local' | 'session'): Storage | null {
  try {
    return which === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null;
  }
}
