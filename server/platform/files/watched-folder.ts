/**
 * WatchedFolder holds what was read from every *.yaml file of a folder and reads it again
 * whenever one changes. A set of files that fails to load leaves the last good set in force;
 * its errors are kept for the API and the control screen. Rules and plans both hot-reload
 * this way.
 */
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/log.js';

export type FolderLoad<T> = { ok: true; items: T[] } | { ok: false; errors: string[] };

export interface FolderStatus {
  ok: boolean;
  files: string[];
  /** How many items (rules, plans) are in force. */
  count: number;
  loadedAt: number | null;
  /** Errors of the last attempt, `file:line:col: message`; empty when it loaded. */
  errors: string[];
}

export class WatchedFolder<T> {
  private current: T[] = [];
  private state: FolderStatus = { ok: false, files: [], count: 0, loadedAt: null, errors: ['not loaded yet'] };
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    /** What the folder holds, for log lines ("rules", "plans"). */
    private readonly what: string,
    private readonly read: (files: string[]) => FolderLoad<T>,
    private readonly logger: Logger,
    private readonly onChange: (status: FolderStatus) => void = () => undefined,
  ) {}

  get items(): readonly T[] {
    return this.current;
  }

  get folderStatus(): FolderStatus {
    return this.state;
  }

  /** load reads the folder now; false (and the old set kept) when any file has an error. */
  load(now = Date.now()): boolean {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(this.dir, f));
    } catch (err) {
      return this.fail([`${this.dir}: ${(err as Error).message}`], []);
    }
    const loaded = this.read(files);
    if (!loaded.ok) return this.fail(loaded.errors, files);
    this.current = loaded.items;
    this.state = { ok: true, files, count: loaded.items.length, loadedAt: now, errors: [] };
    this.logger.info({ files, count: loaded.items.length }, `${this.what} loaded`);
    this.onChange(this.state);
    return true;
  }

  /** watch reloads shortly after any change in the folder (editors write in several steps). */
  watch(): void {
    this.watcher = watch(this.dir, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), 200);
    });
    this.watcher.on('error', (err) => this.logger.warn({ err: err.message }, `cannot watch the ${this.what} folder`));
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private fail(errors: string[], files: string[]): false {
    this.state = { ...this.state, ok: false, files, errors };
    this.logger.error({ errors }, this.current.length > 0 ? `${this.what} have errors; the last good ${this.what} stay in force` : `${this.what} have errors`);
    this.onChange(this.state);
    return false;
  }
}
