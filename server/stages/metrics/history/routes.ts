/** `GET /v1/history?scope=&metric=&from=&to=`: a scope's 1-minute trend of one figure. */
import { atLeast } from '../../../platform/http/auth.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { Route } from '../../../platform/http/request.js';
import { parseTimestamp } from '../../ingest/validate.js';
import type { HistoryStore } from './store.js';

const MAX_SPAN_MS = 31 * 86_400_000;

export function historyRoutes(history: HistoryStore, clock: () => number = Date.now): Route[] {
  return [
    ['get', '/v1/history', { roles: [...atLeast('display'), 'acd'] }, async (ctx) => {
      const scope = ctx.query.get('scope');
      const metric = ctx.query.get('metric');
      if (!scope) throw new HttpError(400, 'scope is required, e.g. scope=centre:hangzhou');
      if (!metric) throw new HttpError(400, 'metric is required, e.g. metric=waiting');
      const now = clock();
      const to = time(ctx.query.get('to'), 'to') ?? now;
      const from = time(ctx.query.get('from'), 'from') ?? to - 3_600_000;
      if (from > to) throw new HttpError(400, 'from must not be after to');
      if (to - from > MAX_SPAN_MS) throw new HttpError(400, 'ask for at most 31 days at a time');
      try {
        return { body: { scope, metric, from, to, points: await history.query(scope, metric, from, to) } };
      } catch (err) {
        if (err instanceof RangeError) throw new HttpError(400, err.message);
        throw err;
      }
    }],
  ];
}

/** time reads `from` / `to`: epoch ms or ISO 8601 with a zone; absent is undefined. */
export function time(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  const ms = parseTimestamp(/^\d+$/.test(value) ? Number(value) : value);
  if (ms === undefined) throw new HttpError(400, `${name} must be epoch ms or an ISO-8601 time with a zone`);
  return ms;
}
