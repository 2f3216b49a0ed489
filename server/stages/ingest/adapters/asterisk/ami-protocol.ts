/**
 * The Asterisk Manager Interface text protocol: after a one-line banner
 * (`Asterisk Call Manager/x.y`), messages are `Key: Value` lines ended by a blank line,
 * in both directions. AmiParser turns a byte stream into messages, keeping an unfinished
 * message until the rest arrives (and dropping it if the connection ends first).
 */

/**
 * One AMI message (`Event: …`, `Response: …`). Asterisk treats header names (and event names)
 * without regard to case, and so do PBX forks and proxies that write `event: queuecallerjoin`
 * or `QUEUE:`: the parser gives the headers and event names the bridge reads one spelling
 * (canonicalHeaders), and keeps every other header as sent.
 */
export type AmiMessage = Record<string, string>;

/** The headers the bridge reads, in the spelling it reads them (Asterisk ≤ 11 writes `Holdtime`). */
const HEADERS = [
  'Event', 'Response', 'ActionID', 'Message', 'Timestamp', 'Queue', 'Uniqueid', 'Channel', 'Context', 'Exten', 'Extension',
  'HoldTime', 'TalkTime', 'Wait', 'Interface', 'Location', 'Member', 'MemberName', 'Status', 'Paused', 'PausedReason', 'Reason',
];
/** The events the bridge reads, in the spelling it reads them (Asterisk 12+ documents `NewExten`, sends `Newexten`). */
const EVENTS = [
  'QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'QueueEntry', 'AgentConnect', 'AgentComplete', 'Join', 'Leave',
  'QueueMember', 'QueueMemberStatus', 'QueueMemberPause', 'QueueMemberPaused', 'QueueMemberAdded', 'QueueMemberRemoved',
  'QueueMemberPenalty', 'QueueMemberRinginuse', 'Newexten', 'Hangup',
];
const byLowerCase = (names: string[]) => new Map(names.map((name) => [name.toLowerCase(), name]));
const HEADER_SPELLING = byLowerCase(HEADERS);
const EVENT_SPELLING = byLowerCase(EVENTS);

/** canonicalHeader is the bridge's spelling of a header name (others are kept as sent). */
export function canonicalHeader(name: string): string {
  return HEADER_SPELLING.get(name.toLowerCase()) ?? name;
}

/** canonicalEvent is the bridge's spelling of an event name (others are kept as sent). */
export function canonicalEvent(name: string): string {
  return EVENT_SPELLING.get(name.toLowerCase()) ?? name;
}

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
    const key = canonicalHeader(line.slice(0, colon).trim());
    // Repeated keys (ChanVariable…) keep the first value: the ones we read are never repeated.
    if (key !== '__proto__' && !Object.hasOwn(fields, key)) fields[key] = line.slice(colon + 1).trim();
  }
  if (fields.Event !== undefined) fields.Event = canonicalEvent(fields.Event);
  return fields;
}

/** formatAction writes one action (`Action: …` first) as AMI text. */
export function formatAction(fields: AmiMessage): string {
  return `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, ' ')}\r\n`)
    .join('')}\r\n`;
}
