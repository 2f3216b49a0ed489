/**
 * RuleSet holds the rules in force, read from every *.yaml file of a folder and read again
 * whenever one changes; a broken edit leaves the last good rules running.
 */
import type { Logger } from '../../platform/log/log.js';
import { WatchedFolder, type FolderStatus } from '../../platform/files/watched-folder.js';
import { loadRuleFiles, type Rule } from './index.js';

export interface RulesStatus {
  ok: boolean;
  files: string[];
  rules: number;
  loadedAt: number | null;
  /** Errors of the last attempt, `file:line:col: message`; empty when it loaded. */
  errors: string[];
}

export class RuleSet extends WatchedFolder<Rule> {
  constructor(dir: string, logger: Logger, onChange: (status: RulesStatus) => void = () => undefined) {
    super(dir, 'rules', (files) => {
      const loaded = loadRuleFiles(files);
      return loaded.ok ? { ok: true, items: loaded.rules } : loaded;
    }, logger, (status) => onChange(rulesStatus(status)));
  }

  get rules(): readonly Rule[] {
    return this.items;
  }

  get status(): RulesStatus {
    return rulesStatus(this.folderStatus);
  }
}

function rulesStatus({ count, ...status }: FolderStatus): RulesStatus {
  return { ...status, rules: count };
}
