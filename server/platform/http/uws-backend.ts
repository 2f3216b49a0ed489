/**
 * uwsBackend tells which uWebSockets.js this process runs on. The package we depend on
 * (@trufflesuite/uws-js-unofficial 20.30, under the name uWebSockets.js) loads
 * `binaries/uws_<platform>_<arch>_<ABI>.node` and, when there is none for this Node (Node 22+:
 * only ABIs 93, 108 and 115 — Node 16, 18, 20 — are shipped) or it does not load, or when
 * UWS_USE_FALLBACK is set, falls back to a JavaScript emulation built on `ws` with only a
 * console warning. The emulation handles backpressure differently (docs/runtime.md), so the
 * server refuses it unless allowed (server.allowUwsEmulation, SURGE_ALLOW_UWS_EMULATION=1).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import uWS from 'uWebSockets.js';

export interface UwsBackend {
  backend: 'native' | 'emulation';
  /** The installed package and version, e.g. `@trufflesuite/uws-js-unofficial@20.30.0-unofficial.0`. */
  package: string;
  /** The binary this Node would need (`uws_linux_x64_115.node`), loaded or not. */
  binary: string;
  node: string;
  /** Why the emulation runs (absent on native). */
  reason?: string;
}

const require = createRequire(import.meta.url);

export function uwsBackend(): UwsBackend {
  // src/uws.js is the package's entry; its binaries sit beside src/.
  const root = dirname(dirname(require.resolve('uWebSockets.js')));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const binary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  const path = join(root, 'binaries', binary);
  const common = { package: `${pkg.name}@${pkg.version}`, binary, node: process.version };
  // What the package exported is the binary's module itself exactly when the binary loaded.
  if (require.cache[path]?.exports === uWS) return { backend: 'native', ...common };
  return { backend: 'emulation', ...common, reason: emulationReason(path, binary) };
}

function emulationReason(path: string, binary: string): string {
  if (/^(1|true)$/i.test(process.env.UWS_USE_FALLBACK ?? '')) return 'UWS_USE_FALLBACK is set';
  try {
    require(path);
    return `${binary} loads but was not used`;
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? '';
    return /Cannot find module/.test(message) ? `no native binary ${binary} for Node ${process.version}` : `${binary} does not load: ${message}`;
  }
}

/** UwsEmulationRefused stops the start: the emulation runs and nobody allowed it. */
export class UwsEmulationRefused extends Error {
  constructor(readonly uws: UwsBackend) {
    super(
      `uWebSockets.js runs its JavaScript emulation, not the native server (${uws.reason}), and its backpressure differs from the native one. ` +
        `Run Node 20 (the version in .nvmrc and the Dockerfile; see docs/runtime.md), ` +
        `or set SURGE_ALLOW_UWS_EMULATION=1 (server.allowUwsEmulation: true) to run on the emulation anyway.`,
    );
  }
}

/** checkUwsBackend returns the backend, or throws UwsEmulationRefused when it is the emulation and that is not allowed. */
export function checkUwsBackend(allowEmulation: boolean, uws = uwsBackend()): UwsBackend {
  if (uws.backend === 'emulation' && !allowEmulation) throw new UwsEmulationRefused(uws);
  return uws;
}

/** describeUws is the one line a person reads, e.g. `native (uws_linux_x64_115.node, Node v20.20.2)`. */
export function describeUws(uws: UwsBackend): string {
  return uws.backend === 'native' ? `native (${uws.binary}, Node ${uws.node})` : `JavaScript emulation, allowed (${uws.reason})`;
}
