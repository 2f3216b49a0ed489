/**
 * LoopbackServer is the base of the fakes of external systems (Twilio, a centre's ACD): a
 * plain HTTP server on 127.0.0.1 and a free port that reads each request's body and hands
 * the request to the fake's `handle`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export abstract class LoopbackServer {
  /** origin is `http://127.0.0.1:<port>` once listening. */
  protected origin = '';
  private readonly server = createServer((req, res) => void this.receive(req, res));

  /** listen starts the server on a free port. */
  protected async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  /** close ends every connection and stops listening. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** handle answers one request whose body (UTF-8) has been read. */
  protected abstract handle(req: IncomingMessage, body: string, res: ServerResponse): void;

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.handle(req, Buffer.concat(chunks).toString('utf8'), res);
  }
}
