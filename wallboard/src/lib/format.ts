/**
 * format turns figures into the short strings the screens show. Anything unknown (null,
 * undefined, NaN, infinite) is shown as an em dash, never as 0 or "NaN".
 */
export const NONE = '—';

const known = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** duration: 65 → "1:05", 3725 → "1:02:05"; rounds to whole seconds. */
export function duration(sec: number | null | undefined): string {
  if (!known(sec) || sec < 0) return NONE;
  const total = Math.round(sec);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** percent of a fraction: 0.8 → "80%", (0.8125, 1) → "81.3%". */
export function percent(fraction: number | null | undefined, digits = 0): string {
  if (!known(fraction)) return NONE;
  return `${(fraction * 100).toFixed(digits)}%`;
}

// Formatters are made once: building one per figure showed in the wall's render profile.
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** count: 1234 → "1,234". */
export function count(n: number | null | undefined): string {
  if (!known(n)) return NONE;
  return COUNT.format(Math.round(n));
}

/** signed: 3 → "+3", -2 → "−2" (a real minus sign), 0 → "0". */
export function signed(n: number | null | undefined): string {
  if (!known(n)) return NONE;
  const r = Math.round(n);
  return r > 0 ? `+${r}` : r < 0 ? `−${-r}` : '0';
}

/** age in words for "data … old": 12 → "12 s", 125 → "2 min", 7300 → "2 h". */
export function age(sec: number | null | undefined): string {
  if (!known(sec) || sec < 0) return NONE;
  if (sec < 60) return `${Math.round(sec)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min`;
  return `${Math.floor(sec / 3600)} h`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${JSON.stringify(options)}@${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone })));
  return format;
}

/** clock: "14:03:09" in the given IANA zone (the browser's own when omitted). */
export function clock(ms: number, timeZone?: string): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }, timeZone).format(ms);
}

/** day: "Mon 24 Nov 2025". */
export function day(ms: number, timeZone?: string): string {
  return dateFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, timeZone).format(ms);
}

/** goal: the service-level goal as words, e.g. "80% in 20s". */
export function goal(target: number | null | undefined, thresholdSec: number | null | undefined): string {
  if (!known(target) || !known(thresholdSec)) return NONE;
  const t = thresholdSec >= 3600 && thresholdSec % 3600 === 0 ? `${thresholdSec / 3600}h` : thresholdSec >= 120 && thresholdSec % 60 === 0 ? `${thresholdSec / 60}min` : `${thresholdSec}s`;
  return `${percent(target)} in ${t}`;
}

const MEDIA_NAMES: Record<string, string> = {
  voice: 'Voice',
  chat: 'Chat',
  email: 'Email',
  sms: 'SMS',
  video: 'Video',
  social: 'Social',
};
export const mediaName = (media: string): string => MEDIA_NAMES[media] ?? media;

const SEAT_NAMES: Record<string, string> = { onsite: 'On-site', home: 'Home', backup: 'Backup', phone_im: 'Phone/IM' };
export const seatName = (seat: string): string => SEAT_NAMES[seat] ?? seat;
