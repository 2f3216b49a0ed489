/**
 * live-frame: the `encoding=deflate` form of a `/v2/live` delta or snapshot (docs/api.md). A binary frame is
 * a JSON envelope (what a screen reads before inflating: type, asOf, topic, seq), a newline, then the message's
 * JSON compressed with raw DEFLATE; the message is the body with the envelope's fields over it. The hub
 * compresses each delta once and publishes it to every screen on the topic: the bytes to screens are what
 * limits delivery, and a wall's deltas at 20,000 events/s compress about 6× (docs/performance.md).
 * Text frames on such a socket are plain JSON messages, as on any other.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const NEWLINE = 0x0a;

/** compressBody compresses a message's JSON text (without what the envelope adds) for framing. */
export function compressBody(body: string): Buffer {
  return deflateRawSync(body);
}

/** framed puts `envelope` (a JSON object's text) before a compressed body: a delta's body is compressed once, before its seq is known. */
export function framed(envelope: string, compressed: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${envelope}\n`), compressed]);
}

/** deltaEnvelope: a delta frame's envelope, `type` and `asOf` first (the benchmark's fleet reads them from a frame's head). */
export function deltaEnvelope(asOf: number, topic: string, seq: number): string {
  return `{"type":"delta","asOf":${asOf},"topic":${JSON.stringify(topic)},"seq":${seq}}`;
}

/** frameBytes: the most a delta's frame can take, its seq not yet given. */
export function frameBytes(asOf: number, topic: string, compressed: Buffer): number {
  return Buffer.byteLength(deltaEnvelope(asOf, topic, Number.MAX_SAFE_INTEGER)) + 1 + compressed.length;
}

/** encodeFrame: a message's frame from its envelope and body texts. */
export function encodeFrame(envelope: string, body: string): Buffer {
  return framed(envelope, compressBody(body));
}

/** decodeFrame reads a frame back into its message (the load tools' and tests' decoder; the wallboard has its own). */
export function decodeFrame(frame: Buffer): Record<string, unknown> {
  const cut = frame.indexOf(NEWLINE);
  if (cut < 0) throw new Error('live frame without the newline after its envelope');
  const envelope = JSON.parse(frame.toString('utf8', 0, cut)) as Record<string, unknown>;
  const body = JSON.parse(inflateRawSync(frame.subarray(cut + 1)).toString('utf8')) as Record<string, unknown>;
  return Object.assign(body, envelope);
}
