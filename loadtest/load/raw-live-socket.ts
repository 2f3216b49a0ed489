/**
 * RawLiveSocket is a minimal WebSocket subscriber for the fleet: it does the handshake, then
 * walks the server's frames in place — header, the first bytes of each message (enough for
 * its type and `asOf`), skip the rest — answering pings. A message sent in fragments (the
 * server sends large snapshots so) is one message: the first fragment's head, every fragment's
 * length. No message is assembled, copied or
 * decoded, so thousands of simulated screens on the server's own machine take as little CPU
 * from it as possible. (The probe is a real `ws` client that parses everything.)
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** How much of each message's start is kept for peekLiveMessage. */
const HEAD_BYTES = 64;
// The longest frame header a server sends: 2 bytes + a 64-bit length.
const MAX_HEADER = 10;
const OPCODE = { continuation: 0x0, close: 0x8, ping: 0x9, pong: 0xa };

interface Frame {
  opcode: number;
  /** The last frame of its message. */
  fin: boolean;
  length: number;
  remaining: number;
  /** The first payload bytes (all of a ping's, to echo in the pong). */
  head: Buffer[];
  kept: number;
}

export class RawLiveSocket {
  private header = Buffer.alloc(0);
  private frame?: Frame;
  /** A fragmented message whose last frame has not come yet. */
  private message?: { head: Buffer; length: number };

  private constructor(
    private readonly socket: Socket,
    private readonly onMessage: (head: Buffer, length: number) => void,
  ) {}

  /** open connects and resolves once the server has accepted the upgrade. */
  static open(host: string, port: number, path: string, onMessage: (head: Buffer, length: number) => void): Promise<RawLiveSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const live = new RawLiveSocket(socket, onMessage);
      let response = Buffer.alloc(0);
      const onHandshake = (chunk: Buffer) => {
        response = Buffer.concat([response, chunk]);
        const end = response.indexOf('\r\n\r\n');
        if (end === -1) return;
        socket.off('data', onHandshake);
        const status = response.toString('latin1', 9, 12);
        if (status !== '101') {
          socket.destroy();
          return reject(new Error(`upgrade refused: HTTP ${status}`));
        }
        socket.on('data', (data: Buffer) => live.read(data));
        resolve(live);
        live.read(response.subarray(end + 4));
      };
      socket.on('data', onHandshake);
      socket.once('error', reject);
      socket.once('connect', () => {
        const key = randomBytes(16).toString('base64');
        socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
    });
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }

  onClose(listener: () => void): void {
    this.socket.once('close', listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const frame = this.frame;
      if (frame) {
        const take = Math.min(frame.remaining, chunk.length - at);
        const keep = Math.min(take, (frame.opcode === OPCODE.ping ? frame.length : frame.opcode === OPCODE.continuation ? 0 : HEAD_BYTES) - frame.kept);
        if (keep > 0) {
          frame.head.push(chunk.subarray(at, at + keep));
          frame.kept += keep;
        }
        frame.remaining -= take;
        at += take;
        if (frame.remaining === 0) this.finish(frame);
        continue;
      }
      // Gather header bytes (a header may be split across chunks); give back what turns out to be payload.
      const before = this.header.length;
      this.header = Buffer.concat([this.header, chunk.subarray(at, at + MAX_HEADER - before)]);
      at += this.header.length - before;
      const parsed = parseHeader(this.header);
      if (!parsed) continue;
      at -= this.header.length - parsed.size;
      this.header = Buffer.alloc(0);
      const next: Frame = { opcode: parsed.opcode, fin: parsed.fin, length: parsed.length, remaining: parsed.length, head: [], kept: 0 };
      if (next.length === 0) this.finish(next);
      else this.frame = next;
    }
  }

  private finish(frame: Frame): void {
    this.frame = undefined;
    const payload = frame.head.length === 1 ? frame.head[0]! : Buffer.concat(frame.head);
    if (frame.opcode === OPCODE.ping) this.send(OPCODE.pong, payload);
    else if (frame.opcode === OPCODE.close) this.socket.end();
    else if (frame.opcode !== OPCODE.pong) this.data(frame, payload);
  }

  /** data hands over a whole message: one frame, or the last of its fragments. */
  private data(frame: Frame, payload: Buffer): void {
    const message = frame.opcode === OPCODE.continuation && this.message ? this.message : { head: payload, length: 0 };
    message.length += frame.length;
    this.message = frame.fin ? undefined : message;
    if (frame.fin) this.onMessage(message.head, message.length);
  }

  /** send writes a small control frame; frames from a client are masked. */
  private send(opcode: number, payload: Buffer): void {
    const mask = randomBytes(4);
    const masked = Buffer.from(payload);
    for (let i = 0; i < masked.length; i++) masked[i] = masked[i]! ^ mask[i % 4]!;
    this.socket.write(Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | masked.length]), mask, masked]));
  }
}

/** parseHeader reads an unmasked server frame header, or undefined when it is not all there yet. */
function parseHeader(data: Buffer): { opcode: number; fin: boolean; length: number; size: number } | undefined {
  if (data.length < 2) return undefined;
  const opcode = data[0]! & 0x0f;
  const fin = (data[0]! & 0x80) !== 0;
  const short = data[1]! & 0x7f;
  if (short < 126) return { opcode, fin, length: short, size: 2 };
  if (short === 126) return data.length < 4 ? undefined : { opcode, fin, length: data.readUInt16BE(2), size: 4 };
  return data.length < 10 ? undefined : { opcode, fin, length: Number(data.readBigUInt64BE(2)), size: 10 };
}
