/**
 * poll: a REST resource a control-screen section shows — loaded at once, again every
 * `everyMs`, and whenever `trigger()` reads something new (live news, a filter, an action
 * of ours). Call it while a component initialises: the timer lives as long as the component.
 * The last result stays shown while the next is on its way, and an answer that arrives after
 * a newer one was asked for is dropped.
 */
import { untrack } from 'svelte';
import type { ApiResult } from './client.js';

/** How often a section refreshes when nothing else tells it to. */
export const REFRESH_MS = 5_000;

export interface Polled<T> {
  /** null until the first answer. */
  readonly result: ApiResult<T> | null;
  /** Load again now (after an action of ours). */
  reload(): Promise<void>;
}

export function poll<T>(load: () => Promise<ApiResult<T>>, trigger: () => unknown, everyMs = REFRESH_MS): Polled<T> {
  let result = $state.raw<ApiResult<T> | null>(null);
  let asked = 0;

  async function reload(): Promise<void> {
    const mine = ++asked;
    const answer = await load();
    if (mine === asked) result = answer;
  }

  $effect(() => {
    trigger();
    // Only the trigger is a dependency: what `load` reads is its own business.
    untrack(() => void reload());
    const timer = setInterval(() => void reload(), everyMs);
    return () => clearInterval(timer);
  });

  return {
    get result() {
      return result;
    },
    reload,
  };
}
