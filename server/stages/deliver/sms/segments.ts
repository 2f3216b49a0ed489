/**
 * smsSegments: how many SMS parts a text costs. A text in the GSM 03.38 alphabet is GSM-7: 160
 * characters in one part, 153 per part when split (the escape-table characters ^{}\[~]|€ and form
 * feed take two). Any other character (Chinese, emoji, curly quotes) makes the whole text UCS-2:
 * 70 per part, 67 when split, counted in UTF-16 units (an emoji takes two).
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '\f^{}\\[~]|€';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Length in the encoding's units: GSM-7 septets (escaped characters count 2) or UTF-16 code units. */
  units: number;
  /** Parts the text is sent as (0 for an empty text). */
  segments: number;
  /** Units per part at this length: 160 / 153 for GSM-7, 70 / 67 for UCS-2. */
  perSegment: number;
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = { 'GSM-7': { single: 160, multi: 153 }, 'UCS-2': { single: 70, multi: 67 } };

export function smsSegments(text: string): SmsSegments {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const units = gsm ? septets : text.length;
  const { single, multi } = LIMITS[encoding];
  const perSegment = units <= single ? single : multi;
  return { encoding, units, segments: units === 0 ? 0 : Math.ceil(units / perSegment), perSegment };
}

/** describeSegments: "58 characters, GSM-7, 1 SMS" / "75 characters, UCS-2 (67 a part), 2 SMS" (characters in the encoding's units). */
export function describeSegments(s: SmsSegments): string {
  const split = s.segments > 1 ? ` (${s.perSegment} a part)` : '';
  return `${s.units} characters, ${s.encoding}${split}, ${s.segments} SMS`;
}
