/**
 * parseConfig checks surge.config.yaml's text against the schema (configSchema) and applies
 * the environment overrides (PORT, REDIS_URL, SURGE_REDIS_ACK_REPLICAS, SURGE_PIPELINE_PARTITIONS, SURGE_SIMULATE, SURGE_ALLOW_UWS_EMULATION), failing with every problem
 * listed as `file:line:col: key: message`. It reads no file: loadConfig reads the config and
 * the SMS templates it names.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { YamlSource } from '../platform/yaml/source.js';
import { readTemplates } from '../stages/plans/templates.js';
import { withRosters } from '../stages/plans/config.js';
import { readCustomerLists, readOptOuts } from '../stages/plans/customer-lists.js';
import { checkYaml } from './problems.js';
import { configSchema } from './schema.js';
import { centresSchema, withFreshness } from './topology.js';
import { PIPELINE_PARTITIONS, SIMULATE, type Config } from './types.js';
import { redisUrl, type Env } from './fields.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

export const DEFAULT_CONFIG_FILE = 'surge.config.yaml';

export function configFile(env: Env = process.env): string {
  return env.SURGE_CONFIG || DEFAULT_CONFIG_FILE;
}

/** loadConfig reads the config file and the SMS templates it names, throwing ConfigError with every problem in any of them. */
export function loadConfig(file = configFile(), env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot read: ${(err as Error).message}`]);
  }
  return withCustomerLists(withTemplates(parseConfig(text, file, env)));
}

/** withTemplates reads the SMS templates of `plans.templates` into the config, throwing ConfigError on a bad one. */
export function withTemplates(config: Config): Config {
  const { templates, problems } = readTemplates(config.plans.templatesDir);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, plans: { ...config.plans, templates } };
}

/** withCustomerLists reads the customer lists and the opt-out list of `remind:` into the config, throwing ConfigError on a bad one. */
export function withCustomerLists(config: Config): Config {
  const { lists, problems } = readCustomerLists(config.remind.listsDir, config.remind.maxRecipients);
  const optOut = config.remind.optOutFile === null ? { phones: new Set<string>(), problems: [] } : readOptOuts(config.remind.optOutFile);
  if (problems.length + optOut.problems.length > 0) throw new ConfigError([...problems, ...optOut.problems]);
  return { ...config, remind: { ...config.remind, lists, optOut: optOut.phones } };
}

const ENV_OVERRIDES = z.object({
  PORT: z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 65_535, { error: (iss) => `"${String(iss.input)}" must be a port number 0–65535` })
    .transform(Number)
    .optional(),
  // Empty means unset, as a shell's `REDIS_URL= surge start` intends.
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), redisUrl().optional()),
  SURGE_REDIS_ACK_REPLICAS: z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 16, { error: (iss) => `"${String(iss.input)}" must be a whole number of replicas 0–16` })
    .transform(Number)
    .optional(),
  SURGE_PIPELINE_PARTITIONS: z.enum(PIPELINE_PARTITIONS, { error: `must be one of ${PIPELINE_PARTITIONS.join(', ')}` }).optional(),
  SURGE_SIMULATE: z.enum(SIMULATE, { error: `must be one of ${SIMULATE.join(', ')}` }).optional(),
  SURGE_ALLOW_UWS_EMULATION: z
    .enum(['1', '0', 'true', 'false', ''], { error: 'must be 1 or 0' })
    .transform((v) => (v === '' ? undefined : v === '1' || v === 'true'))
    .optional(),
});

/** parseConfig checks a config file's text; `file` names it in messages. Templates are left empty (see withTemplates). */
export function parseConfig(text: string, file: string, env: Env = {}): Config {
  const src = new YamlSource(file, text);
  const data = src.errors.length > 0 ? undefined : (src.data() ?? {});
  if (src.errors.length > 0) throw new ConfigError(src.errors);
  // Centres first: the other sections refer to them, and are not held against centres that are wrong themselves.
  const centres = centresSchema.safeParse((data as { centres?: unknown }).centres);
  const checked = checkYaml(configSchema({ centres: centres.success ? withFreshness(centres.data, 60) : null, env }), src, data);
  const overrides = ENV_OVERRIDES.safeParse(env);
  const problems = [
    ...(checked.ok ? [] : checked.problems),
    ...(overrides.success ? [] : overrides.error.issues.map((i) => `environment: ${i.path.join('.')}: ${i.message}`)),
  ];
  if (!checked.ok || !overrides.success) throw new ConfigError(problems);

  const { server, redis, simulate, centres: centreInputs, rosters, groups, ...sections } = checked.value;
  const port = overrides.data.PORT ?? server.port;
  const resolved = withFreshness(centreInputs, sections.freshness.silentAfterSec);
  return {
    ...sections,
    source: file,
    server: {
      host: server.host,
      port,
      publicUrl: server.publicUrl ?? `http://localhost:${port}`,
      allowUwsEmulation: overrides.data.SURGE_ALLOW_UWS_EMULATION ?? server.allowUwsEmulation,
      shutdownGraceMs: server.shutdownGraceMs,
      pipelinePartitions: overrides.data.SURGE_PIPELINE_PARTITIONS ?? server.pipelinePartitions,
    },
    redis: { ...redis, url: overrides.data.REDIS_URL || redis.url, ackReplicas: overrides.data.SURGE_REDIS_ACK_REPLICAS ?? redis.ackReplicas },
    simulate: overrides.data.SURGE_SIMULATE ?? simulate,
    centres: resolved,
    rosters: withRosters(rosters, resolved),
    groups: groups.members,
    groupLocales: groups.locales,
  };
}
