/**
 * The HTTP side of a CTI bridge: POST a batch of NDJSON lines to `<target>/v1/events` and say
 * what to do next. One function, verdictFor, holds the rule for which failures are worth
 * retrying; event ids make a retried batch idempotent on the server.
 */

/** Largest batch in events and in bytes; well under the server's default 1 MiB body limit. */
export const MAX_BATCH_EVENTS = 500;
export const MAX_BATCH_BYTES = 512 * 1024;

const REQUEST_TIMEOUT_MS = 10_000;

/** One event the server refused, as it reports it. */
export interface Rejected {
  index: number;
  id?: string;
  error: string;
}

/**
 * What to do after a POST: `done` (the server took the batch), `retry` it unchanged later,
 * `split` it (too large), give up on it (`refused`: the request itself is wrong), or stop
 * altogether (`fatal`: the credentials are wrong and will stay wrong).
 */
export type Verdict = 'done' | 'retry' | 'split' | 'refused' | 'fatal';

export type PostResult =
  | { verdict: 'done'; accepted: number; duplicates: number; rejected: Rejected[]; rejectedCount: number }
  | { verdict: Exclude<Verdict, 'done'>; status?: number; error: string };

/** verdictFor decides from a response status, or `undefined` when no response came at all. */
export function verdictFor(status: number | undefined): Verdict {
  if (status === undefined) return 'retry';
  if (status >= 200 && status < 300) return 'done';
  if (status === 413) return 'split';
  if (status === 401 || status === 403) return 'fatal';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

/**
 * postBatch sends NDJSON lines and classifies the outcome; it never throws. Aborting `signal`
 * (the driver giving up at shutdown) ends the request like a network failure.
 */
export async function postBatch(target: string, token: string, lines: readonly string[], signal?: AbortSignal): Promise<PostResult> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`${target.replace(/\/+$/, '')}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
      body: `${lines.join('\n')}\n`,
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
  } catch (err) {
    return { verdict: 'retry', error: errorText(err) };
  }
  const verdict = verdictFor(response.status);
  const body = await response.json().catch(() => undefined);
  if (verdict === 'done') {
    const report = (body ?? {}) as { accepted?: number; duplicates?: number; rejected?: Rejected[]; rejectedCount?: number };
    const rejected = Array.isArray(report.rejected) ? report.rejected : [];
    return {
      verdict,
      accepted: report.accepted ?? 0,
      duplicates: report.duplicates ?? 0,
      // The server lists the first few rejections and counts them all.
      rejected,
      rejectedCount: report.rejectedCount ?? rejected.length,
    };
  }
  const error = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
  return { verdict, status: response.status, error };
}

/** takeBatch is how many of the leading `lines` go in the next batch (at least one). */
export function takeBatch(lines: readonly string[], maxEvents = MAX_BATCH_EVENTS, maxBytes = MAX_BATCH_BYTES): number {
  let bytes = 0;
  let n = 0;
  for (const line of lines) {
    bytes += Buffer.byteLength(line) + 1;
    if (n >= maxEvents || (n > 0 && bytes > maxBytes)) break;
    n++;
  }
  return n;
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
}
