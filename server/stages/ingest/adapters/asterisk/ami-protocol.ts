/**
 * The Asterisk Manager Interface text protocol: after a one-line banner
 * (`Asterisk Call Manager/x.y`), messages are `Key: Value` lines ended by a blank line,
 * in both directions. AmiParser turns a byte stream into messages, keeping an unfinished
 * message until the rest arrives (and dropping it if the connection ends first).
 */

/** One AMI message (`Event: …`, `Response: …`): header names as Asterisk sends them. */
export type AmiMessage = Record<string, string>;

/** What the parser yields: the banner once, then messages. */
export type AmiFrame = { kind: 'banner'; version: string } | { kind: 'message'; fields: AmiMessage };

const BANNER = /^Asterisk Call Manager\/(\S+)/;

/** AmiParser: one per connection; a new connection starts a new parser. */
export class AmiParser {
  private buffer = '';
  private sawBanner = false;

  /** push takes the next chunk of text and returns every frame it completes. */
  push(chunk: string): AmiFrame[] {
    this.buffer += chunk;
    const frames: AmiFrame[] = [];
    if (!this.sawBanner) {
      const end = this.buffer.indexOf('\n');
      if (end === -1) return frames;
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      const match = BANNER.exec(line);
      if (!match) throw new Error(`not an Asterisk Manager Interface: the server said "${line.slice(0, 80)}"`);
      this.sawBanner = true;
      frames.push({ kind: 'banner', version: match[1] ?? '' });
    }
    for (;;) {
      // Asterisk ends lines with CRLF; a bare LF (some proxies, test tools) is accepted too.
      const blank = /\r?\n\r?\n/.exec(this.buffer);
      if (!blank) return frames;
      const block = this.buffer.slice(0, blank.index);
      this.buffer = this.buffer.slice(blank.index + blank[0].length);
      const fields = parseBlock(block);
      if (Object.keys(fields).length > 0) frames.push({ kind: 'message', fields });
    }
  }
}

function parseBlock(block: string): AmiMessage {
  const fields: AmiMessage = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    // Repeated keys (ChanVariable…) keep the first value: the ones we read are never repeated.
    if (key !== '__proto__' && !Object.hasOwn(fields, key)) fields[key] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** formatAction writes one action (`Action: …` first) as AMI text. */
export function formatAction(fields: AmiMessage): string {
  return `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, ' ')}\r\n`)
    .join('')}\r\n`;
}
