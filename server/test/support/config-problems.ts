/** Config test support: the shipped config with a section added, and the problems of a refused parse. */
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig } from '../../config/load.js';
import type { Config } from '../../config/types.js';

/** DEMO_CONFIG is the text of the shipped surge.config.yaml. */
export const DEMO_CONFIG = readFileSync('surge.config.yaml', 'utf8');

/** parseDemoWith parses the shipped config with `section` (YAML text) appended: its lines follow DEMO_CONFIG's. */
export function parseDemoWith(section: string, env: Record<string, string> = {}): Config {
  return parseConfig(`${DEMO_CONFIG}\n${section}`, 'surge.config.yaml', env);
}

/** refusedWith runs a config parse that should fail and returns its problems (ConfigError), failing the test if it succeeds. */
export function refusedWith(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be refused');
}
