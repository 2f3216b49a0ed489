/** The HTTP ingest endpoint `POST /v1/events` (JSON array or NDJSON); the streaming one is socket.ts. */
import { BodyError } from './decode.js';
import { HttpError } from '../../platform/http/errors.js';
import type { RequestContext, Reply } from '../../platform/http/request.js';
import { nothingUsable, type Ingest, type IngestReport } from './accept.js';

const NDJSON = /^application\/(x-ndjson|ndjson|jsonl|x-jsonlines)\b/i;
const JSON_TYPE = /^(application\/json|text\/plain)\b/i;

/** postEvents answers 202 with the report; 400 when the body or every event in it is unusable. */
export function postEvents(ingest: Ingest) {
  return async (ctx: RequestContext): Promise<Reply> => {
    const type = ctx.headers['content-type'] ?? '';
    const ndjson = NDJSON.test(type);
    if (type && !ndjson && !JSON_TYPE.test(type)) {
      throw new HttpError(415, `content type "${type}" is not accepted: use application/json or application/x-ndjson`);
    }
    let report: IngestReport;
    try {
      report = await ingest.acceptBody(ctx.body, ndjson);
    } catch (err) {
      if (err instanceof BodyError) throw new HttpError(400, err.message);
      throw err;
    }
    return nothingUsable(report) ? { status: 400, body: { error: 'no valid event in the batch', ...report } } : { status: 202, body: report };
  };
}
