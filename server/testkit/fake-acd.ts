/**
 * FakeAcd is a centre's ACD webhook receiver on 127.0.0.1: it verifies the Standard
 * Webhooks signature with the configured secret (401 when it does not hold), records what
 * it accepted, and can be told to fail (500), refuse (400) or hang. `unreachableUrl` is an
 * ACD that is down: a port nothing listens on.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeLoopback, startLoopback } from './loopback.js';
import { verifyWebhook } from '../stages/deliver/acd/signature.js';
import { freePort } from './redis-process.js';

export type FakeAcdMode = 'ok' | 'error500' | 'bad-request' | 'hang';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; centre: string; data: Record<string, unknown> };
}

export class FakeAcd {
  mode: FakeAcdMode = 'ok';
  /** Calls whose signature held, whatever the mode answered, in order. */
  readonly verified: ReceivedWebhook[] = [];
  /** Calls accepted (mode `ok`), in order. */
  readonly received: ReceivedWebhook[] = [];
  /** Calls refused for a bad or missing signature. */
  rejected = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly secret: string,
  ) {}

  static async start(secret: string): Promise<FakeAcd> {
    let fake: FakeAcd | undefined;
    const { server, origin } = await startLoopback((req, res) => fake!.handle(req, res));
    fake = new FakeAcd(server, `${origin}/surge/webhooks`, secret);
    return fake;
  }

  /** unreachableUrl is an endpoint whose ACD is down: connections are refused. */
  static async unreachableUrl(): Promise<string> {
    return `http://127.0.0.1:${await freePort()}/surge/webhooks`;
  }

  close(): Promise<void> {
    return closeLoopback(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
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
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end('routing engine unavailable');
      case 'bad-request':
        return void res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown queue');
      case 'ok':
        this.received.push(call);
        return void res.writeHead(204).end();
    }
  }
}
