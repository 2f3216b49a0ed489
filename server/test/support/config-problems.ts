/** refusedWith runs a config parse that should fail and returns its problems (ConfigError), failing the test if it succeeds. */
import { ConfigError } from '../../config/load.js';

export function refusedWith(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be refused');
}
