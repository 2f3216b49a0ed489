/**
 * Test support for the adapters: the demo config with an `adapters:` mapping given as YAML
 * (for `useServer`), the figures of one scope, and
 * `rebase`, which moves a documented example's timestamps to just now so ingest's
 * age check keeps it.
 */
import { checkYaml } from '../../config/problems.js';
import { section } from '../../config/fields.js';
import { YamlSource } from '../../platform/yaml/source.js';
import type { CentreConfig } from '../../config/topology.js';
import type { Config } from '../../config/types.js';
import { TOKENS, waitUntil } from './env.js';
import { adaptersSchema, type AdaptersConfig } from '../../stages/ingest/adapters/config.js';

/** parseAdaptersYaml reads an `adapters:` document against the centres, throwing on any problem. */
export function parseAdaptersYaml(text: string, centres: CentreConfig[], env: Record<string, string> = {}): AdaptersConfig {
  const src = new YamlSource('adapters.yaml', text);
  const data = src.data() ?? {};
  const checked = checkYaml(section({ adapters: adaptersSchema({ centres, env }) }), src, data);
  if (src.errors.length > 0 || !checked.ok) throw new Error([...src.errors, ...(checked.ok ? [] : checked.problems)].join('\n'));
  return checked.value.adapters;
}

/** withAdapters is a config change giving the demo config `adaptersYaml` as its adapters section. */
export function withAdapters(adaptersYaml: string): (config: Config) => void {
  return (config) => {
    config.adapters = parseAdaptersYaml(adaptersYaml, config.centres);
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
