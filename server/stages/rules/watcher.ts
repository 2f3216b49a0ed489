/**
 * RuleSet holds the rules in force, read from every *.yaml file of a folder and read
 * again whenever one changes. A file that fails to load leaves the last good rules
 * running; its errors are kept for the API and the control screen.
 */
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../platform/log/log.js';
import { loadRuleFiles, type Rule } from './index.js';

export interface RulesStatus {
  ok: boolean;
  files: string[];
  rules: number;
  loadedAt: number | null;
  /** Errors of the last attempt, `file:line:col: message`; empty when it loaded. */
  errors: string[];
}

export class RuleSet {
  private current: Rule[] = [];
  private state: RulesStatus = { ok: false, files: [], rules: 0, loadedAt: null, errors: ['not loaded yet'] };
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly onChange: (status: RulesStatus) => void = () => undefined,
  ) {}

  get rules(): readonly Rule[] {
    return this.current;
  }

  get status(): RulesStatus {
    return this.state;
  }

  /** load reads the folder now; false (and the old rules kept) when any file has an error. */
  load(now = Date.now()): boolean {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(this.dir, f));
    } catch (err) {
      return this.fail([`${this.dir}: ${(err as Error).message}`], []);
    }
    const loaded = loadRuleFiles(files);
    if (!loaded.ok) return this.fail(loaded.errors, files);
    this.current = loaded.rules;
    this.state = { ok: true, files, rules: loaded.rules.length, loadedAt: now, errors: [] };
    this.logger.info({ files, rules: loaded.rules.length }, 'rules loaded');
    this.onChange(this.state);
    return true;
  }

  /** watch reloads shortly after any change in the folder (editors write in several steps). */
  watch(): void {
    this.watcher = watch(this.dir, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), 200);
    });
    this.watcher.on('error', (err) => this.logger.warn({ err: err.message }, 'cannot watch the rules folder'));
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private fail(errors: string[], files: string[]): false {
    this.state = { ...this.state, ok: false, files, errors };
    this.logger.error({ errors }, this.current.length > 0 ? 'rules have errors; the last good rules stay in force' : 'rules have errors');
    this.onChange(this.state);
    return false;
  }
}
