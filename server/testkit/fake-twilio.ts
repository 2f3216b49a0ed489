/**
 * FakeTwilio is a stand-in for Twilio's REST API on 127.0.0.1: the real SDK is pointed at
 * it (client.api.baseUrl) and it answers `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`
 * the way Twilio does, recording every request. Switch `mode` to make it fail.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback.js';

export type FakeTwilioMode =
  | 'ok'
  /** 500 with Twilio's error JSON. */
  | 'error500'
  /** 429 Too Many Requests (code 20429). */
  | 'busy'
  /** 400 with code 21211, invalid "To" number. */
  | 'invalid-number'
  /** 400 with code 21610: the recipient replied STOP to this sender. */
  | 'unsubscribed'
  /** Never answer (for timeouts). */
  | 'hang';

export interface FakeTwilioRequest {
  method: string;
  path: string;
  /** The Basic credentials' user (the account SID) and whether the password matched. */
  user: string;
  authenticated: boolean;
  params: Record<string, string>;
  /** When the request arrived (epoch ms, this process's clock): what throttling tests count per second. */
  at: number;
  /** The HTTP status the fake answered (201: a message accepted); absent while it hangs. */
  status?: number;
}

const MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

export class FakeTwilio extends LoopbackServer {
  mode: FakeTwilioMode = 'ok';
  readonly requests: FakeTwilioRequest[] = [];
  /** Run before a message is answered 201 (with its sid): a test makes something fail just after Twilio accepted it. */
  onAccepted?: (sid: string) => Promise<void>;

  private constructor(private readonly authToken: string) {
    super();
  }

  static start(authToken: string): Promise<FakeTwilio> {
    return new FakeTwilio(authToken).listen();
  }

  /** baseUrl is what the SDK's client.api.baseUrl is set to. */
  get baseUrl(): string {
    return this.origin;
  }

  /** messages are the form parameters of every Messages.json POST, in order (accepted or not). */
  get messages(): Record<string, string>[] {
    return this.requests.filter((r) => MESSAGES.test(r.path)).map((r) => r.params);
  }

  protected handle(req: IncomingMessage, body: string, res: ServerResponse): void {
    const [user = '', password = ''] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
    const path = (req.url ?? '').split('?')[0] ?? '';
    const request: FakeTwilioRequest = { method: req.method ?? '', path, user, authenticated: password === this.authToken, params: Object.fromEntries(new URLSearchParams(body)), at: Date.now() };
    this.requests.push(request);
    const answer = (status: number, body: unknown) => {
      request.status = status;
      reply(res, status, body);
    };

    const account = MESSAGES.exec(path)?.[1];
    if (req.method !== 'POST' || !account) return answer(404, error(404, 20404, 'The requested resource was not found'));
    if (account !== user || !request.authenticated) return answer(401, error(401, 20003, 'Authenticate'));
    switch (this.mode) {
      case 'hang':
        return;
      case 'error500':
        return answer(500, error(500, 20500, 'Internal Server Error'));
      case 'busy':
        return answer(429, error(429, 20429, 'Too Many Requests'));
      case 'invalid-number':
        return answer(400, error(400, 21211, `The 'To' number ${request.params.To} is not a valid phone number.`));
      case 'unsubscribed':
        return answer(400, error(400, 21610, 'Attempt to send to unsubscribed recipient'));
      case 'ok': {
        const accepted = message(account, request.params);
        if (!this.onAccepted) return answer(201, accepted);
        void this.onAccepted(accepted.sid).finally(() => answer(201, accepted));
        return;
      }
    }
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** error is Twilio's error JSON. */
function error(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** message is a Message resource as Twilio returns it on creation. */
function message(account: string, params: Record<string, string>) {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const now = new Date().toUTCString().replace('GMT', '+0000');
  return {
    account_sid: account,
    api_version: '2010-04-01',
    body: params.Body ?? '',
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: params.From ?? null,
    messaging_service_sid: params.MessagingServiceSid ?? null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid,
    status: params.MessagingServiceSid ? 'accepted' : 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${account}/Messages/${sid}/Media.json` },
    to: params.To ?? '',
    uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
  };
}
