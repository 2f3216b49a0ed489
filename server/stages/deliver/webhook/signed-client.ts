/**
 * SignedWebhookClient makes one signed attempt (Standard Webhooks) to deliver a WebhookEvent to
 * its centre's endpoint of one external system, and records it in the DeliveryStore. Each system
 * (the ACD, the IVR) is one instance with its own endpoints and name; retries with backoff, and
 * the dead letter after the last attempt, belong to the job runner: `deliver` throws a
 * DeliveryError whose `retryable` comes from the one rule in sms/retryable.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../platform/log/log.js';
import { isRedisUnavailable } from '../../../platform/redis/connect.js';
import { OutboundError } from '../sms/retryable.js';
import type { DeliveryAttempt, DeliveryStore } from '../acd/delivery-store.js';
import { webhookHeaders } from '../acd/signature.js';
import { webhookBody, type WebhookEvent } from './event.js';
import type { WebhookEndpoints } from './endpoints-config.js';

/** DeliveryError is a failed attempt: the receiver answered other than 2xx, or was not reached. */
export class DeliveryError extends OutboundError {}

const DEFAULT_TIMEOUT_MS = 5000;
// How long a delivery the receiver took waits for Redis to record it (a failover: a cut connection, a demoted
// master's READONLY, a Cluster slot without a master yet) before the attempt fails and the job sends it again.
const RECORD_WITHIN_MS = 30_000;

/** WebhookSystem names a receiver in messages (`ACD`) and the config section of its endpoints (`acd`). */
export interface WebhookSystem {
  name: string;
  section: string;
}

export class SignedWebhookClient {
  private readonly logger: Logger;

  constructor(
    private readonly system: WebhookSystem,
    private readonly settings: WebhookEndpoints | undefined,
    logger: Logger,
    private readonly deliveries: DeliveryStore,
    private readonly clock: () => number = Date.now,
  ) {
    this.logger = logger.child({ module: system.section });
  }

  /** deliver makes attempt number `attempt` (1 for the first); a centre without an endpoint is recorded as skipped. */
  async deliver(event: WebhookEvent, attempt: number): Promise<void> {
    const { name, section } = this.system;
    const log = this.logger.child({ delivery: event.id, type: event.type, centre: event.centre, attempt });
    const endpoint = this.settings?.endpoints.get(event.centre);
    const started = this.clock();
    if (!endpoint) {
      const error = `no ${name} endpoint configured for centre ${event.centre} (${section}.${event.centre}.url): not sent`;
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
      const res = await fetch(endpoint.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.settings?.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
      httpStatus = res.status;
      // The status line is the answer; a body cut short does not change it.
      const answer = await res.text().catch(() => '');
      if (!res.ok) failure = new DeliveryError(`${name} answered ${res.status}: ${answer.slice(0, 200) || '(no body)'}`, undefined, res.status);
    } catch (err) {
      failure = new DeliveryError(`${name} not reached: ${reason(err)}`, err);
    }
    const outcome: DeliveryAttempt = {
      attempt,
      at: started,
      outcome: failure ? 'failed' : 'delivered',
      ...(httpStatus === undefined ? {} : { httpStatus }),
      ...(failure ? { error: failure.message } : {}),
      ms: this.clock() - started,
    };
    if (!failure) {
      const replicated = await this.recordDelivered(event, outcome, log);
      log.info({ httpStatus, ms: outcome.ms }, `${name} webhook delivered`);
      // Delivered all the same: a step re-run after a failover may send it again, which the receiver's dedupe by id absorbs.
      if (!replicated) log.warn(`${name} webhook delivered, but too few redis replicas confirmed its record in time (redis.ackReplicas)`);
      return;
    }
    await this.deliveries.record(event, outcome);
    log.warn({ httpStatus, ms: outcome.ms, retryable: failure.retryable, err: failure.message }, `${name} webhook failed`);
    throw failure;
  }

  /**
   * recordDelivered records what the receiver took, waiting out a Redis that cannot take the write for now for up
   * to RECORD_WITHIN_MS: a delivery left unrecorded is sent again by the job's next attempt.
   */
  private async recordDelivered(event: WebhookEvent, outcome: DeliveryAttempt, log: Logger): Promise<boolean> {
    const giveUpAt = Date.now() + RECORD_WITHIN_MS;
    for (let pause = 100; ; pause = Math.min(2 * pause, 1000)) {
      try {
        return await this.deliveries.record(event, outcome);
      } catch (err) {
        if (!isRedisUnavailable(err) || Date.now() + pause > giveUpAt) throw err;
        log.warn({ err: (err as Error).message }, `${this.system.name} webhook delivered; recording it waits for redis`);
        await sleep(pause);
      }
    }
  }
}

/** reason names a network failure: fetch hides the socket error (ECONNREFUSED…) in its cause. */
function reason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}
