/**
 * KeepAliveConnection is a bare HTTP/1.1 client on one kept-alive socket, one request at a
 * time. It does only what a load generator needs (write a request, read status and a
 * Content-Length body) so the client costs little CPU next to the server it measures.
 */
import { connect, type Socket } from 'node:net';

export interface HttpReply {
  status: number;
  body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');

export class KeepAliveConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending?: { resolve: (reply: HttpReply) => void; reject: (err: Error) => void };

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const fail = (err: Error) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(host: string, port: number): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => {
        socket.off('error', reject);
        resolve(new KeepAliveConnection(socket, `${host}:${port}`));
      });
      socket.once('error', reject);
    });
  }

  /** request sends one request and resolves with the reply; `headers` are extra header lines. */
  request(method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<HttpReply> {
    if (this.pending) return Promise.reject(new Error('one request at a time on a KeepAliveConnection'));
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    head += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(head + body);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const headEnd = this.buffer.indexOf(HEAD_END);
    if (headEnd === -1 || !this.pending) return;
    const head = this.buffer.toString('latin1', 0, headEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headEnd + HEAD_END.length + length;
    if (this.buffer.length < end) return;
    const reply = { status: Number(head.slice(9, 12)), body: this.buffer.toString('utf8', headEnd + HEAD_END.length, end) };
    this.buffer = this.buffer.subarray(end);
    const pending = this.pending;
    this.pending = undefined;
    pending.resolve(reply);
  }
}
