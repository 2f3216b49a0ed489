/**
 * frame: the live socket's compressed encoding (`/v2/live?encoding=deflate`). Text frames stay plain
 * JSON; a binary frame is a JSON envelope (type, seq, asOf, topic …), one newline byte, then the raw
 * DEFLATE (RFC 1951) of a JSON body. The message is the body with the envelope's fields laid over it.
 * The browser inflates it natively (DecompressionStream), so the screen needs no library for it.
 */
const NEWLINE = 0x0a;

/**
 * The screen asks for the encoding only where the browser can inflate it: 'deflate-raw' came after
 * DecompressionStream itself (Chromium 103, not 80), and a kiosk's browser may be older.
 */
export function liveEncodingSupported(): boolean {
  if (typeof DecompressionStream !== 'function') return false;
  try {
    new DecompressionStream('deflate-raw');
    return true;
  } catch {
    return false;
  }
}

export async function decodeLiveFrame(data: ArrayBuffer): Promise<unknown> {
  const bytes = new Uint8Array(data);
  // JSON escapes newlines in strings and UTF-8 never uses 0x0A inside a character: the first one ends the envelope.
  const cut = bytes.indexOf(NEWLINE);
  if (cut < 0) throw new Error('live frame: no newline after the envelope');
  const envelope = parseObject(new TextDecoder().decode(bytes.subarray(0, cut)), 'envelope');
  let body: string;
  try {
    body = await new Response(new Blob([bytes.subarray(cut + 1)]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
  } catch (err) {
    throw new Error(`live frame: body is not raw DEFLATE (${err instanceof Error ? err.message : String(err)})`);
  }
  return Object.assign(parseObject(body, 'body'), envelope);
}

function parseObject(text: string, part: 'envelope' | 'body'): object {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`live frame: ${part} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`live frame: ${part} is not a JSON object`);
  return value;
}
