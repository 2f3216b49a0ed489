/**
 * store: the live state as Svelte state for one screen. It owns the connection, a clock that ticks
 * twice a second (staleness and the wall clock are computed from it), and the one-off history
 * fetch for the sparklines.
 */
import { createApi, type Api } from '../api/client.js';
import { connectLive } from './connection.js';
import { fetchHistory } from './history.js';
import { initialState, reduce, type LiveInput, type LiveState } from './reducer.js';
import { TREND_WINDOW_MS } from './trends.js';
import { liveUrl } from '../route.js';
import { ALL, centreScope } from '../scopes.js';

const TICK_MS = 500;
const HISTORY_METRICS = ['waiting', 'serviceLevel'] as const;

export interface LiveStore {
  readonly state: LiveState;
  /** Client time, refreshed every TICK_MS. */
  readonly now: number;
  stop(): void;
}

export function createLiveStore(token: string): LiveStore {
  // Raw: the reducer returns new immutable objects, so identity is the change signal.
  let state = $state.raw<LiveState>(initialState);
  let now = $state(Date.now());
  let historyAsked = false;

  const dispatch = (input: LiveInput): LiveState => {
    state = reduce(state, input);
    if (!historyAsked && state.topology !== null) {
      historyAsked = true;
      void loadHistory(state, createApi(token), dispatch);
    }
    return state;
  };

  const tick = setInterval(() => (now = Date.now()), TICK_MS);
  const connection = connectLive({ url: () => liveUrl(location, token), dispatch });

  return {
    get state() {
      return state;
    },
    get now() {
      return now;
    },
    stop() {
      clearInterval(tick);
      connection.stop();
    },
  };
}

/** loadHistory asks for the last hour of each charted scope; it stops at the first failure (the trends then grow from live data). */
async function loadHistory(state: LiveState, api: Api, dispatch: (i: LiveInput) => LiveState): Promise<void> {
  const scopes = [ALL, ...(state.topology?.centres ?? []).map((c) => centreScope(c.id))];
  const to = Date.now();
  const from = to - TREND_WINDOW_MS;
  for (const scope of scopes) {
    for (const metric of HISTORY_METRICS) {
      const result = await fetchHistory(api, scope, metric, from, to);
      if (!result.ok) return;
      dispatch({ kind: 'history', at: Date.now(), scope, metric, points: result.body });
    }
  }
}
