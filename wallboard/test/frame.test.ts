import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeLiveFrame, liveEncodingSupported } from '../src/lib/live/frame.js';

/** A binary frame as the server makes it: envelope JSON, a newline, the raw DEFLATE of the body. */
function liveFrame(envelope: unknown, body: unknown): ArrayBuffer {
  return rawFrame(JSON.stringify(envelope), deflateRawSync(JSON.stringify(body)));
}
/** A fresh ArrayBuffer: a Buffer's own may be a slice of Node's shared pool. */
function rawFrame(envelope: string, body: Uint8Array): ArrayBuffer {
  return Uint8Array.from([...new TextEncoder().encode(envelope), 0x0a, ...body]).buffer;
}

describe('decodeLiveFrame', () => {
  it('inflates the body and lays the envelope over it', async () => {
    const body = { scopes: { all: { waiting: 3 } }, note: 'line\nbreak 杭州' };
    const envelope = { type: 'delta', asOf: 1_733_450_000_000, topic: 'centre:hangzhou', seq: 12 };
    await expect(decodeLiveFrame(liveFrame(envelope, body))).resolves.toEqual({ ...body, ...envelope });
  });

  it("the envelope's fields win over the body's", async () => {
    const message = await decodeLiveFrame(liveFrame({ type: 'snapshot', seq: 2 }, { type: 'delta', seq: 1, asOf: 5 }));
    expect(message).toEqual({ type: 'snapshot', seq: 2, asOf: 5 });
  });

  it.each([
    ['no newline', new TextEncoder().encode('{"type":"delta"}').buffer, /no newline/],
    ['an envelope that is not JSON', rawFrame('{"type":', deflateRawSync('{}')), /envelope is not JSON/],
    ['an envelope that is not an object', rawFrame('[1]', deflateRawSync('{}')), /envelope is not a JSON object/],
    ['a body that is not DEFLATE', rawFrame('{}', Uint8Array.from([1, 2, 3, 4, 5])), /not raw DEFLATE/],
    ['a truncated body', rawFrame('{}', deflateRawSync('{"a":1}').subarray(0, 3)), /not raw DEFLATE/],
    ['a body that is not JSON', rawFrame('{}', deflateRawSync('{"a":')), /body is not JSON/],
  ])('rejects %s with a clear error', async (_, frame, error) => {
    await expect(decodeLiveFrame(frame)).rejects.toThrow(error);
  });

  it("is supported where DecompressionStream takes 'deflate-raw' (Node 20, current browsers), else not", () => {
    expect(liveEncodingSupported()).toBe(true);
    const native = globalThis.DecompressionStream;
    try {
      globalThis.DecompressionStream = class {
        constructor(format: string) {
          if (format !== 'gzip' && format !== 'deflate') throw new TypeError(`unsupported format ${format}`);
        }
      } as unknown as typeof DecompressionStream;
      expect(liveEncodingSupported()).toBe(false);
      delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
      expect(liveEncodingSupported()).toBe(false);
    } finally {
      globalThis.DecompressionStream = native;
    }
  });
});
