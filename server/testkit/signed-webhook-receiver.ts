/**
 * SignedWebhookReceiver is the base of the fakes of systems we call with signed webhooks (a
 * centre's ACD, its IVR) on 127.0.0.1: it verifies the Standard Webhooks signature with the
 * configured secret (401 when it does not hold), records what it accepted, and can be told to
 * fail (500), refuse (400) or hang. `unreachableUrl` is a receiver that is down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback.js';
import { verifyWebhook } from '../stages/deliver/acd/signature.js';
import { freePort } from './redis-process.js';

export type ReceiverMode = 'ok' | 'error500' | 'bad-request' | 'hang';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; centre: string; data: Record<string, unknown> };
}

export abstract class SignedWebhookReceiver extends LoopbackServer {
  mode: ReceiverMode = 'ok';
  /** Calls whose signature held, whatever the mode answered, in order. */
  readonly verified: ReceivedWebhook[] = [];
  /** Calls accepted (mode `ok`), in order. */
  readonly received: ReceivedWebhook[] = [];
  /** Calls refused for a bad or missing signature. */
  rejected = 0;

  /** `answers` are what this system says when it fails (500) or refuses (400). */
  protected constructor(
    private readonly secret: string,
    private readonly path: string,
    private readonly answers: { error500: string; badRequest: string },
  ) {
    super();
  }

  /**
   * applied is what a receiver that applies each webhook-id once (the contract, docs/plans.md) acts on:
   * the first accepted call of each id. `repeats` counts the calls it ignored (a resend is allowed:
   * a delivery whose record was lost is sent again); `conflicts` lists ids resent with another body,
   * which would break the contract.
   */
  get applied(): { calls: ReceivedWebhook[]; repeats: number; conflicts: string[] } {
    const first = new Map<string, ReceivedWebhook>();
    const conflicts = new Set<string>();
    for (const call of this.received) {
      const seen = first.get(call.json.id);
      if (!seen) first.set(call.json.id, call);
      else if (seen.body !== call.body) conflicts.add(call.json.id);
    }
    return { calls: [...first.values()], repeats: this.received.length - first.size, conflicts: [...conflicts] };
  }

  /** url is where the system receives its webhooks. */
  get url(): string {
    return `${this.origin}${this.path}`;
  }

  /** unreachableUrl is an endpoint whose system is down: connections are refused. */
  static async unreachableUrl(): Promise<string> {
    return `http://127.0.0.1:${await freePort()}/surge/webhooks`;
  }

  protected handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    if (!verifyWebhook(this.secret, headers, body, Date.now())) {
      this.rejected++;
      return void res.writeHead(401, { 'content-type': 'text/plain' }).end('bad webhook signature');
    }
    const call = { headers, body, json: JSON.parse(body) as ReceivedWebhook['json'] };
    this.verified.push(call);
    switch (this.mode) {
      case 'hang':
        return;
      case 'error500':
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end(this.answers.error500);
      case 'bad-request':
        return void res.writeHead(400, { 'content-type': 'text/plain' }).end(this.answers.badRequest);
      case 'ok':
        this.received.push(call);
        return void res.writeHead(204).end();
    }
  }
}
