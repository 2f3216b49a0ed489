/**
 * rawPost sends one POST over its own connection (node:http, no keep-alive), optionally from
 * another loopback address, and says how it went: the status and body the server answered,
 * or the network error when none came. A server may answer before the body is sent and
 * close the connection; the answer still counts.
 */
import { request } from 'node:http';

export interface RawAnswer {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  text?: string;
  error?: string;
}

export function rawPost(port: number, path: string, headers: Record<string, string>, body: Buffer | string, localAddress?: string): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let answered = false;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false, localAddress });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', (err) => {
      if (!answered) resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message });
    });
    req.end(body);
  });
}
