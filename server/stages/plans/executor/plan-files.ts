/**
 * PlanSet holds the plans in force, read from every plan file of `plans.dir` and read again
 * whenever one changes (like the rules). At start-up any error stops the boot, listed as
 * file:line:col; later, a broken edit leaves the last good plans in force.
 */
import type { Config } from '../../../config/types.js';
import type { Logger } from '../../../platform/log/log.js';
import { WatchedFolder } from '../../../platform/files/watched-folder.js';
import { loadPlanFiles, type Plan } from '../index.js';

export class PlanFileError extends Error {}

export class PlanSet extends WatchedFolder<Plan> {
  constructor(config: Config, logger: Logger) {
    super(config.plans.dir, 'plans', (files) => {
      const loaded = loadPlanFiles(files, config);
      return loaded.ok ? { ok: true, items: loaded.plans } : loaded;
    }, logger);
  }

  get plans(): readonly Plan[] {
    return this.items;
  }

  /** loadOrThrow is the boot's first load: invalid plans stop the server. */
  loadOrThrow(): this {
    if (!this.load()) throw new PlanFileError(`invalid plan files:\n  ${this.folderStatus.errors.join('\n  ')}`);
    return this;
  }
}
