/**
 * Test support for the adapters: a real server on port 0 against the real Redis (own key
 * prefix) with an `adapters:` mapping given as YAML, the figures of one scope, and
 * `rebase`, which moves a documented example's timestamps to just now so ingest's
 * age check keeps it.
 */
import { checkYaml } from '../../config/problems.js';
import { section } from '../../config/fields.js';
import { YamlSource } from '../../platform/yaml/source.js';
import type { CentreConfig } from '../../config/topology.js';
import type { Config } from '../../config/types.js';
import { startServer, type RunningServer } from '../../main.js';
import { demoConfig, quietLogger, removeKeys, TOKENS, uniquePrefix, waitUntil } from '../../test/support/env.js';
import { adaptersSchema, type AdaptersConfig } from '../../stages/ingest/adapters/config.js';

/** parseAdaptersYaml reads an `adapters:` document against the centres, throwing on any problem. */
export function parseAdaptersYaml(text: string, centres: CentreConfig[], env: Record<string, string> = {}): AdaptersConfig {
  const src = new YamlSource('adapters.yaml', text);
  const data = src.data() ?? {};
  const checked = checkYaml(section({ adapters: adaptersSchema({ centres, env }) }), src, data);
  if (src.errors.length > 0 || !checked.ok) throw new Error([...src.errors, ...(checked.ok ? [] : checked.problems)].join('\n'));
  return checked.value.adapters;
}

export interface AdapterServer {
  base: string;
  config: Config;
  prefix: string;
  stop(): Promise<void>;
}

/** startAdapterServer runs the demo config with `adaptersYaml` as its adapters section. */
export async function startAdapterServer(name: string, adaptersYaml: string): Promise<AdapterServer> {
  const prefix = uniquePrefix(name);
  const config = demoConfig(prefix, (c) => {
    c.adapters = parseAdaptersYaml(adaptersYaml, c.centres);
  });
  const server: RunningServer = await startServer(config, quietLogger(), { port: 0 });
  return {
    base: `http://127.0.0.1:${server.port}`,
    config,
    prefix,
    async stop() {
      await server.stop();
      await removeKeys(prefix);
    },
  };
}

/** ScopeFigures is the part of `GET /v1/metrics/<scope>` the adapter tests read. */
export interface ScopeFigures {
  waiting: number;
  agents: { staffed: number; available: number; onContact: number; acw: number; aux: number; bySeatType: Record<string, { staffed: number }> };
  windows: Record<'5m' | '15m' | 'today', { offered: number; answered: number; abandoned: number; asaSec: number | null; ahtSec: number | null }>;
  freshness?: { lastEventAt: number | null; sources: Record<string, { lastEventAt: number | null }> };
}

/** figuresWhen polls one scope until `ready` holds (the publisher ticks every few hundred ms). */
export function figuresWhen(base: string, scope: string, ready: (f: ScopeFigures) => boolean, what: string): Promise<ScopeFigures> {
  return waitUntil(async () => {
    const res = await fetch(`${base}/v1/metrics/${encodeURIComponent(scope)}`, { headers: { authorization: `Bearer ${TOKENS.display}` } });
    if (res.status !== 200) return undefined;
    const figures = ((await res.json()) as { scope: ScopeFigures }).scope;
    return ready(figures) ? figures : undefined;
  }, `${scope}: ${what}`);
}

const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

/**
 * rebase shifts every ISO-8601 UTC timestamp in `value` by the same amount, so that
 * `latest` lands `agoMs` before now; durations between them are kept exactly.
 */
export function rebase<T>(value: T, latest: string, agoMs = 10_000, now = Date.now()): T {
  const shift = now - agoMs - Date.parse(latest);
  return JSON.parse(JSON.stringify(value).replace(ISO, (iso) => new Date(Date.parse(iso) + shift).toISOString())) as T;
}
