/**
 * loadConfig reads surge.config.yaml (or SURGE_CONFIG), applies the environment
 * overrides (PORT, REDIS_URL, SURGE_SIMULATE) and validates everything, failing with
 * every problem listed as `file:line:col: key: message`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { parseAdapters } from '../stages/ingest/adapters/config.js';
import { MEDIA, type Media } from '../stages/ingest/contract.js';
import { parseTwilio } from '../stages/deliver/sms/config.js';
import { parseAlerting, type AlertingConfig } from '../stages/plans/config.js';
import { parseAcd } from '../stages/deliver/acd/config.js';
import { parseUsers } from '../platform/http/users-config.js';
import { Problems } from './check.js';
import {
  ROLES,
  SERVICE_LEVEL_FORMULAS,
  WEEKDAYS,
  type CentreConfig,
  type Config,
  type OpeningHours,
  type QueueConfig,
  type RateLimitConfig,
  type Role,
  type ServiceLevelFormula,
  type TokenConfig,
  type Weekday,
} from './types.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

export const DEFAULT_CONFIG_FILE = 'surge.config.yaml';
const SIMULATE = ['off', 'normal', 'surge', 'outage'] as const;
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CLOCK_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DEFAULT_SILENT_AFTER_SEC = 60;

type Env = Record<string, string | undefined>;
type Path = (string | number)[];

export function configFile(env: Env = process.env): string {
  return env.SURGE_CONFIG || DEFAULT_CONFIG_FILE;
}

export function loadConfig(file = configFile(), env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot read: ${(err as Error).message}`]);
  }
  return parseConfig(text, file, env);
}

export function parseConfig(text: string, file: string, env: Env = {}): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 0}:${e.linePos?.[0].col ?? 0}: ${e.message.split('\n')[0]}`));
  }
  const p = new Problems(file, doc, lines);
  const root = doc.toJS() ?? {};
  const r = new Reader(p);
  if (!r.isObject(root, [])) throw new ConfigError(p.list);

  const server = r.section(root, 'server');
  const redis = r.section(root, 'redis');
  const ingest = r.section(root, 'ingest');
  const metrics = r.section(root, 'metrics');
  const auth = r.section(root, 'auth');
  const limits = r.section(root, 'limits');

  const base: Omit<Config, keyof AlertingConfig> = {
    source: file,
    server: {
      host: r.str(server, ['server', 'host'], '0.0.0.0'),
      port: env.PORT !== undefined ? r.envPort(env.PORT) : r.int(server, ['server', 'port'], 8080, 0, 65535),
      publicUrl: '',
    },
    redis: {
      url: env.REDIS_URL || r.str(redis, ['redis', 'url'], 'redis://127.0.0.1:6379'),
      prefix: r.str(redis, ['redis', 'prefix'], 'surge'),
    },
    ingest: {
      maxBodyBytes: r.int(ingest, ['ingest', 'maxBodyBytes'], 1024 * 1024, 1024, 64 * 1024 * 1024),
      dedupTtlSec: r.int(ingest, ['ingest', 'dedupTtlSec'], 25 * 3600, 86400, 30 * 86400),
      maxFutureSkewSec: r.int(ingest, ['ingest', 'maxFutureSkewSec'], 300, 0, 86400),
      maxAgeSec: r.int(ingest, ['ingest', 'maxAgeSec'], 86400, 60, 30 * 86400),
    },
    // Ingest defaults sit above what one instance serves (the bench's single-event POSTs
    // reach ~15,000/s on two cores), so only a runaway client is ever held back.
    limits: {
      ingest: r.rateLimit(limits, 'ingest', { perSec: 50_000, burst: 100_000 }),
      login: r.rateLimit(limits, 'login', { perSec: 1, burst: 10 }),
    },
    metrics: {
      pushIntervalMs: r.int(metrics, ['metrics', 'pushIntervalMs'], 250, 50, 10_000),
      evaluateIntervalMs: r.int(metrics, ['metrics', 'evaluateIntervalMs'], 100, 20, 10_000),
      checkpointMs: r.int(metrics, ['metrics', 'checkpointMs'], 250, 10, 60_000),
      bucketSec: r.int(metrics, ['metrics', 'bucketSec'], 10, 1, 60),
      staleContactSec: r.int(metrics, ['metrics', 'staleContactSec'], 4 * 3600, 60, 7 * 86400),
      streamRetentionSec: r.int(metrics, ['metrics', 'streamRetentionSec'], 86400, 60, 30 * 86400),
      historyRetentionSec: r.int(metrics, ['metrics', 'historyRetentionSec'], 30 * 86400, 3600, 400 * 86400),
    },
    simulate: r.oneOf(
      env.SURGE_SIMULATE !== undefined ? { simulate: env.SURGE_SIMULATE } : root,
      ['simulate'],
      SIMULATE,
      'off',
      env.SURGE_SIMULATE !== undefined ? 'SURGE_SIMULATE' : undefined,
    ),
    rules: { dir: r.str(r.section(root, 'rules'), ['rules', 'dir'], 'rules') },
    incidents: { quietPeriodSec: r.int(r.section(root, 'incidents'), ['incidents', 'quietPeriodSec'], 300, 0, 86400) },
    auth: { tokens: r.list(auth, ['auth', 'tokens']).map((t, i) => r.token(t, ['auth', 'tokens', i])), ...parseUsers(auth, p, env) },
    centres: r.list(root, ['centres']).map((c, i) => r.centre(c, ['centres', i])),
  };
  // Contacts, groups, rosters, notify and plans: what contingency plans read (server/plans/config.ts).
  const config: Config = { ...base, ...parseAlerting(root, base.centres, p) };
  config.server.publicUrl = r.str(server, ['server', 'publicUrl'], `http://localhost:${config.server.port}`);
  config.adapters = parseAdapters(root.adapters, config.centres, p, env);
  config.twilio = parseTwilio(root.twilio, p, env);
  config.acd = parseAcd(root.acd, config.centres, p, env);

  if (config.centres.length === 0) p.add(['centres'], 'at least one centre is required');
  r.unique(config.centres.map((c) => c.id), ['centres'], 'centre id');
  config.centres.forEach((c, i) => r.unique(c.queues.map((q) => q.id), ['centres', i, 'queues'], 'queue id'));
  r.unique(config.auth.tokens.map((t) => t.sha256), ['auth', 'tokens'], 'token');

  if (p.list.length > 0) throw new ConfigError(p.list);
  return config;
}

/** Reader pulls typed values out of plain YAML data, recording each problem and returning a safe default. */
class Reader {
  constructor(private readonly p: Problems) {}

  isObject(v: unknown, path: Path): v is Record<string, unknown> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.p.add(path, 'must be a mapping');
    return false;
  }

  section(root: Record<string, unknown>, key: string): Record<string, unknown> {
    const v = root[key];
    if (v === undefined || v === null) return {};
    return this.isObject(v, [key]) ? v : {};
  }

  private at(obj: Record<string, unknown>, path: Path): unknown {
    return obj[path[path.length - 1] as string];
  }

  str(obj: Record<string, unknown>, path: Path, fallback?: string): string {
    const v = this.at(obj, path);
    if (v === undefined || v === null) {
      if (fallback === undefined) this.p.add(path, 'is required');
      return fallback ?? '';
    }
    if (typeof v !== 'string' || v.length === 0) {
      this.p.add(path, 'must be a non-empty string');
      return fallback ?? '';
    }
    return v;
  }

  id(obj: Record<string, unknown>, path: Path): string {
    const v = this.str(obj, path);
    if (v && !ID.test(v)) this.p.add(path, `"${v}" must be lower-case letters, digits, - or _ (at most 64)`);
    return v;
  }

  num(obj: Record<string, unknown>, path: Path, fallback: number, min: number, max: number): number {
    const v = this.at(obj, path);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.p.add(path, `must be a number from ${min} to ${max}`);
      return fallback;
    }
    return v;
  }

  int(obj: Record<string, unknown>, path: Path, fallback: number, min: number, max: number): number {
    const v = this.num(obj, path, fallback, min, max);
    if (!Number.isInteger(v)) {
      this.p.add(path, 'must be a whole number');
      return fallback;
    }
    return v;
  }

  rateLimit(limits: Record<string, unknown>, name: string, fallback: RateLimitConfig): RateLimitConfig {
    const path = ['limits', name];
    const v = limits[name];
    const bucket = v === undefined || v === null ? {} : this.isObject(v, path) ? v : {};
    return { perSec: this.num(bucket, [...path, 'perSec'], fallback.perSec, 0.01, 1e6), burst: this.int(bucket, [...path, 'burst'], fallback.burst, 1, 1e7) };
  }

  envPort(v: string): number {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n > 65535) {
      this.p.add(['PORT'], `"${v}" must be a port number 0–65535`);
      return 8080;
    }
    return n;
  }

  oneOf<T extends string>(obj: Record<string, unknown>, path: Path, values: readonly T[], fallback: T, label?: string): T {
    const v = this.at(obj, path);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    this.p.add(label ? [label] : path, `must be one of ${values.join(', ')}`);
    return fallback;
  }

  list(obj: Record<string, unknown>, path: Path): unknown[] {
    const v = this.at(obj, path);
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.p.add(path, 'must be a list');
    return [];
  }

  unique(values: string[], path: Path, what: string): void {
    const seen = new Set<string>();
    for (const v of values) {
      if (v && seen.has(v)) this.p.add(path, `duplicate ${what} "${what === 'token' ? '…' : v}"`);
      seen.add(v);
    }
  }

  token(t: unknown, path: Path): TokenConfig {
    if (!this.isObject(t, path)) return { name: '', role: 'display', sha256: '' };
    const name = this.str(t, [...path, 'name']);
    const role = this.oneOf<Role>(t, [...path, 'role'], ROLES, 'display');
    if (t.role === undefined) this.p.add([...path, 'role'], 'is required');
    let sha256 = '';
    if (typeof t.sha256 === 'string') {
      sha256 = t.sha256.toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(sha256)) this.p.add([...path, 'sha256'], 'must be 64 hex digits');
    } else if (typeof t.token === 'string' && t.token.length >= 8) {
      sha256 = createHash('sha256').update(t.token).digest('hex');
    } else {
      this.p.add(path, 'needs `sha256` (hex SHA-256 of the token) or a `token` of at least 8 characters');
    }
    return { name, role, sha256 };
  }

  centre(c: unknown, path: Path): CentreConfig {
    if (!this.isObject(c, path)) return { id: '', name: '', timezone: 'UTC', queues: [], silentAfterSec: DEFAULT_SILENT_AFTER_SEC, sources: {} };
    const id = this.id(c, [...path, 'id']);
    const timezone = this.str(c, [...path, 'timezone'], 'UTC');
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      this.p.add([...path, 'timezone'], `"${timezone}" is not an IANA time zone`);
    }
    const queues = this.list(c, [...path, 'queues']).map((q, i) => this.queue(q, [...path, 'queues', i]));
    if (queues.length === 0) this.p.add([...path, 'queues'], 'at least one queue is required');
    const silentAfterSec = this.int(c, [...path, 'silentAfterSec'], DEFAULT_SILENT_AFTER_SEC, 1, 86400);
    const openingHours = c.openingHours === undefined || c.openingHours === null ? undefined : this.openingHours(c.openingHours, [...path, 'openingHours']);
    const sources = this.sources(c.sources, [...path, 'sources']);
    return { id, name: this.str(c, [...path, 'name'], id), timezone, queues, silentAfterSec, sources, ...(openingHours ? { openingHours } : {}) };
  }

  openingHours(v: unknown, path: Path): OpeningHours | undefined {
    if (!this.isObject(v, path)) return undefined;
    const days = this.list(v, [...path, 'days']);
    if (v.days === undefined) this.p.add([...path, 'days'], 'is required');
    days.forEach((d, i) => {
      if (!(WEEKDAYS as readonly unknown[]).includes(d)) this.p.add([...path, 'days', i], `must be one of ${WEEKDAYS.join(', ')}`);
    });
    const clock = (key: 'from' | 'to'): string => {
      const t = this.str(v, [...path, key]);
      if (t && !CLOCK_TIME.test(t)) this.p.add([...path, key], `"${t}" must be a time HH:MM (00:00–24:00)`);
      return t;
    };
    return { days: days as Weekday[], from: clock('from'), to: clock('to') };
  }

  sources(v: unknown, path: Path): Record<string, { silentAfterSec: number }> {
    if (v === undefined || v === null || !this.isObject(v, path)) return {};
    return Object.fromEntries(
      Object.entries(v).map(([name, s]) => {
        const sourcePath = [...path, name];
        const settings = this.isObject(s, sourcePath) ? s : {};
        return [name, { silentAfterSec: this.int(settings, [...sourcePath, 'silentAfterSec'], DEFAULT_SILENT_AFTER_SEC, 1, 86400) }];
      }),
    );
  }

  queue(q: unknown, path: Path): QueueConfig {
    const fallback: QueueConfig = {
      id: '',
      name: '',
      media: 'voice',
      serviceLevel: { target: 0.8, thresholdSec: 20, formula: 'standard' },
      shortAbandonSec: 5,
      defaultAhtSec: 300,
    };
    if (!this.isObject(q, path)) return fallback;
    const id = this.id(q, [...path, 'id']);
    const media = this.oneOf<Media>(q, [...path, 'media'], MEDIA, 'voice');
    if (q.media === undefined) this.p.add([...path, 'media'], 'is required');
    const slPath = [...path, 'serviceLevel'];
    const sl = q.serviceLevel === undefined ? {} : this.isObject(q.serviceLevel, slPath) ? q.serviceLevel : {};
    const target = this.num(sl, [...slPath, 'target'], 0.8, 0.01, 1);
    return {
      id,
      name: this.str(q, [...path, 'name'], id),
      media,
      serviceLevel: {
        target,
        thresholdSec: this.num(sl, [...slPath, 'thresholdSec'], media === 'email' ? 3600 : 20, 1, 7 * 86400),
        formula: this.oneOf<ServiceLevelFormula>(sl, [...slPath, 'formula'], SERVICE_LEVEL_FORMULAS, 'standard'),
      },
      shortAbandonSec: this.num(q, [...path, 'shortAbandonSec'], 5, 0, 600),
      defaultAhtSec: this.num(q, [...path, 'defaultAhtSec'], media === 'email' ? 600 : 300, 1, 86400),
    };
  }
}
