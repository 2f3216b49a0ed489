/** Helpers for tests and the benchmark that wait on real processes and servers (no test framework here). */
import { createLogger, type Logger } from '../platform/log/log.js';

/** quietLogger logs nothing unless TEST_LOG_LEVEL asks for it. */
export function quietLogger(): Logger {
  return createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

/** waitUntil polls `probe` until it gives a value (not undefined or false), or fails naming `what`. */
export async function waitUntil<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
