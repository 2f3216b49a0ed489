/**
 * history fetches a scope's 1-minute trend of one metric from `GET /v1/history`
 * (`{scope, metric, points: [[epochMs, value|null], …]}`), so a freshly opened screen shows its
 * trends at once and an incident report can chart the figures around it.
 */
import type { Api, ApiResult } from '../api/client.js';
import type { TrendPoint } from './trends.js';

/** parseHistory reads `{points: [[t, v], …]}`; malformed points are skipped, a missing value is a gap. */
export function parseHistory(body: unknown): TrendPoint[] {
  const list = isRecord(body) && Array.isArray(body.points) ? body.points : [];
  const out: TrendPoint[] = [];
  for (const p of list) {
    if (!Array.isArray(p)) continue;
    const [t, v] = p as unknown[];
    if (typeof t !== 'number' || !Number.isFinite(t)) continue;
    out.push({ t, v: typeof v === 'number' && Number.isFinite(v) ? v : null });
  }
  return out.sort((a, b) => a.t - b.t);
}

export async function fetchHistory(api: Api, scope: string, metric: string, from: number, to: number): Promise<ApiResult<TrendPoint[]>> {
  const result = await api.get<unknown>('/v1/history', { scope, metric, from: Math.round(from), to: Math.round(to) });
  return result.ok ? { ...result, body: parseHistory(result.body) } : result;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
