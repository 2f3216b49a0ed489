/**
 * AcdClient makes one signed attempt to deliver an AcdEvent to its centre's ACD and
 * records it in the DeliveryStore. Retries with backoff, and the dead letter after the
 * last attempt, belong to the job runner: `deliver` throws a DeliveryError whose
 * `retryable` comes from the one rule in notify/retryable.ts.
 */
import type { Config } from '../../../config/types.js';
import type { Logger } from '../../../platform/log/log.js';
import { OutboundError } from '../sms/retryable.js';
import type { DeliveryAttempt, DeliveryStore } from './delivery-store.js';
import { webhookBody, type AcdEvent } from './event.js';
import { webhookHeaders } from './signature.js';

/** DeliveryError is a failed attempt: the ACD answered other than 2xx, or was not reached. */
export class DeliveryError extends OutboundError {}

const DEFAULT_TIMEOUT_MS = 5000;

export class AcdClient {
  private readonly logger: Logger;

  constructor(
    private readonly config: Pick<Config, 'acd'>,
    logger: Logger,
    private readonly deliveries: DeliveryStore,
    private readonly clock: () => number = Date.now,
  ) {
    this.logger = logger.child({ module: 'acd' });
  }

  /** deliver makes attempt number `attempt` (1 for the first); a centre without an endpoint is recorded as skipped. */
  async deliver(event: AcdEvent, attempt: number): Promise<void> {
    const log = this.logger.child({ delivery: event.id, type: event.type, centre: event.centre, attempt });
    const endpoint = this.config.acd?.endpoints.get(event.centre);
    const started = this.clock();
    if (!endpoint) {
      const error = `no ACD endpoint configured for centre ${event.centre} (acd.${event.centre}.url): not sent`;
      await this.deliveries.record(event, { attempt, at: started, outcome: 'skipped', error, ms: 0 });
      log.warn(error);
      return;
    }
    const body = webhookBody(event);
    const headers = { 'content-type': 'application/json', 'user-agent': 'surge-control', ...webhookHeaders(endpoint.secret, event.id, Math.floor(started / 1000), body) };
    let failure: DeliveryError | undefined;
    let httpStatus: number | undefined;
    try {
      // Redirects are not followed: the signature is for the configured URL only.
      const res = await fetch(endpoint.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.config.acd?.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
      httpStatus = res.status;
      // The status line is the answer; a body cut short does not change it.
      const answer = await res.text().catch(() => '');
      if (!res.ok) failure = new DeliveryError(`ACD answered ${res.status}: ${answer.slice(0, 200) || '(no body)'}`, undefined, res.status);
    } catch (err) {
      failure = new DeliveryError(`ACD not reached: ${reason(err)}`, err);
    }
    const outcome: DeliveryAttempt = {
      attempt,
      at: started,
      outcome: failure ? 'failed' : 'delivered',
      ...(httpStatus === undefined ? {} : { httpStatus }),
      ...(failure ? { error: failure.message } : {}),
      ms: this.clock() - started,
    };
    await this.deliveries.record(event, outcome);
    if (!failure) {
      log.info({ httpStatus, ms: outcome.ms }, 'ACD webhook delivered');
      return;
    }
    log.warn({ httpStatus, ms: outcome.ms, retryable: failure.retryable, err: failure.message }, 'ACD webhook failed');
    throw failure;
  }
}

/** reason names a network failure: fetch hides the socket error (ECONNREFUSED…) in its cause. */
function reason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}
