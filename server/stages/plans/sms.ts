/**
 * renderSms fills an SMS template (see placeholders.ts) and keeps the message within
 * SMS_MAX_CHARS: a long dispatcher's note is shortened first, so the figures and the link
 * survive; failing that the end is cut, keeping the acknowledgement code when the template
 * had one.
 */
import { PLACEHOLDER_PATTERN, PLACEHOLDERS, placeholderValue, type SmsContext } from './placeholders.js';

/** SMS_MAX_CHARS: two concatenated GSM-7 segments' worth of characters. */
export const SMS_MAX_CHARS = 320;

/** renderSms returns the message text, at most SMS_MAX_CHARS characters (code points). */
export function renderSms(templateText: string, ctx: SmsContext): string {
  const full = fill(templateText, ctx);
  const excess = length(full) - SMS_MAX_CHARS;
  if (excess <= 0) return full;
  const note = ctx.incident.note;
  const uses = templateText.match(/\{note\}/g)?.length ?? 0;
  if (note && uses > 0) {
    // Each use of the note gives up its share of the excess, plus one character for the ellipsis.
    const keep = Math.max(0, length(note) - Math.ceil(excess / uses) - 1);
    const shortened = fill(templateText, { ...ctx, incident: { ...ctx.incident, note: `${cut(note, keep)}…` } });
    if (length(shortened) <= SMS_MAX_CHARS) return shortened;
    return truncate(shortened, ctx.ackCode);
  }
  return truncate(full, ctx.ackCode);
}

function fill(templateText: string, ctx: SmsContext): string {
  return templateText.trim().replace(PLACEHOLDER_PATTERN, (whole, name: string) => (Object.hasOwn(PLACEHOLDERS, name) ? placeholderValue(name, ctx) : whole));
}

/** truncate cuts the end off, and puts the ack code back if the cut took it. */
function truncate(text: string, ackCode: string): string {
  const shortened = `${cut(text, SMS_MAX_CHARS - 1).trimEnd()}…`;
  if (ackCode === '' || !text.includes(ackCode) || shortened.includes(ackCode)) return shortened;
  const tail = ` ACK ${ackCode}`;
  return `${cut(text, SMS_MAX_CHARS - 1 - tail.length).trimEnd()}…${tail}`;
}

// Counted and cut by code point, so an emoji or a rare CJK character is never split in half.
function length(text: string): number {
  return Array.from(text).length;
}

function cut(text: string, chars: number): string {
  return Array.from(text).slice(0, chars).join('');
}
