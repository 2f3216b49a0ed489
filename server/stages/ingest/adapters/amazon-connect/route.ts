/**
 * amazonConnectRecords serves `POST /v1/adapters/amazon-connect` in two modes:
 *
 * - Kinesis Data Firehose HTTP endpoint delivery (the request carries
 *   `X-Amz-Firehose-Request-Id`): authenticated by `X-Amz-Firehose-Access-Key`, answered
 *   with Firehose's documented body `{requestId, timestamp}` (plus `errorMessage` on
 *   failure). Firehose retries anything but 200, so a 503 while Redis is away loses nothing.
 * - A JSON array of records with `Authorization: Bearer <ingest token>`, answered 202 with
 *   the adapter report `{accepted, duplicates, rejected, ignored, unmapped}`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../../config/types.js';
import { bearerToken, type Authenticator } from '../../../../platform/http/auth.js';
import { HttpError } from '../../../../platform/http/errors.js';
import type { Reply, RequestContext, Route } from '../../../../platform/http/request.js';
import type { Ingest } from '../../accept.js';
import type { Logger } from '../../../../platform/log/log.js';
import { isRedisUnavailable } from '../../../../platform/redis/connect.js';
import type { AmazonConnectConfig } from '../config.js';
import { acceptTranslation } from '../report.js';
import { TranslationBuilder } from '../translation.js';
import { SOURCE } from './agent-event.js';
import { decodeFirehose, translateRecords } from './records.js';

type Settings = Pick<Config, 'adapters' | 'ingest'>;

/** The route's path. */
export const AMAZON_CONNECT_PATH = '/v1/adapters/amazon-connect';

/**
 * amazonConnectRoute is the route table line: the credentials (either mode) are checked on the
 * headers, before a byte of the body is read, so an anonymous upload costs nothing.
 */
export function amazonConnectRoute(ingest: Ingest, config: Settings, auth: Authenticator, logger: Logger): Route {
  return ['post', AMAZON_CONNECT_PATH, { maxBody: amazonConnectMaxBody(config), admit: admitConnect(config, auth) }, amazonConnectRecords(ingest, config, logger)];
}

/** amazonConnectMaxBody is the route's body limit: Firehose buffers are larger than event batches. */
export function amazonConnectMaxBody(config: Settings): number {
  return config.adapters?.amazonConnect?.maxBodyBytes ?? config.ingest.maxBodyBytes;
}

/** admitConnect lets in a Firehose delivery with the access key, or a bridge with an ingest token. */
function admitConnect(config: Settings, auth: Authenticator) {
  return (ctx: RequestContext): Reply | undefined => {
    const settings = config.adapters?.amazonConnect;
    if (!settings) throw new HttpError(404, 'the Amazon Connect adapter is not configured (adapters.amazonConnect)');
    const firehoseRequest = ctx.headers['x-amz-firehose-request-id'];
    if (firehoseRequest) {
      if (!settings.accessKey) return firehoseAnswer(403, firehoseRequest, 'adapters.amazonConnect.accessKey is not configured: Firehose deliveries are refused');
      if (!sameSecret(ctx.headers['x-amz-firehose-access-key'] ?? '', settings.accessKey)) {
        return firehoseAnswer(403, firehoseRequest, 'X-Amz-Firehose-Access-Key does not match adapters.amazonConnect.accessKey');
      }
      return undefined;
    }
    const principal = auth.identify(bearerToken(ctx.headers.authorization ?? '', undefined));
    if (!principal) throw new HttpError(401, 'missing or unknown bearer token (Firehose deliveries carry X-Amz-Firehose-Request-Id instead)');
    if (principal.role !== 'ingest') throw new HttpError(403, `role "${principal.role}" may not do this; needs one of ingest`);
    ctx.principal = principal;
    return undefined;
  };
}

/** amazonConnectRecords is the route handler (both modes, above), once admitConnect let the request in. */
export function amazonConnectRecords(ingest: Ingest, config: Settings, logger: Logger) {
  return async (ctx: RequestContext): Promise<Reply> => {
    const settings = config.adapters?.amazonConnect;
    if (!settings) throw new HttpError(404, 'the Amazon Connect adapter is not configured (adapters.amazonConnect)');
    const firehoseRequest = ctx.headers['x-amz-firehose-request-id'];
    if (firehoseRequest) return firehoseDelivery(ingest, settings, ctx, firehoseRequest, logger);
    const records = parseJson(ctx.body);
    if (records === undefined) throw new HttpError(400, 'body must be a JSON array of Amazon Connect records');
    return { status: 202, body: await acceptTranslation(ingest, translateRecords(Array.isArray(records) ? records : [records], settings), SOURCE) };
  };
}

/** firehoseAnswer is Firehose's documented reply body: `{requestId, timestamp}`, plus `errorMessage` on failure. */
function firehoseAnswer(status: number, requestId: string, errorMessage?: string): Reply {
  return {
    status,
    body: { requestId, timestamp: Date.now(), ...(errorMessage ? { errorMessage } : {}) },
    ...(status === 503 ? { headers: { 'Retry-After': '1' } } : {}),
  };
}

async function firehoseDelivery(ingest: Ingest, settings: AmazonConnectConfig, ctx: RequestContext, headerRequestId: string, logger: Logger): Promise<Reply> {
  const delivery = decodeFirehose(parseJson(ctx.body));
  if (typeof delivery === 'string') return firehoseAnswer(400, headerRequestId, delivery);
  const translation = new TranslationBuilder();
  translation.merge(translateRecords(delivery.records, settings));
  if (delivery.unreadable > 0) translation.ignore('(record data that is not base64 JSON)', delivery.unreadable);
  try {
    const report = await acceptTranslation(ingest, translation.result, SOURCE);
    // Firehose reads nothing but requestId from the answer: the counts go to the log.
    logger.info({ requestId: delivery.requestId, ...report }, 'amazon connect firehose delivery');
  } catch (err) {
    if (isRedisUnavailable(err)) return firehoseAnswer(503, delivery.requestId, 'Redis is unavailable; nothing was accepted, retry');
    throw err;
  }
  // Events our validation rejects would be rejected again: 200 stops Firehose resending them.
  return firehoseAnswer(200, delivery.requestId);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** sameSecret compares in constant time (hashes first, so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
