/**
 * format turns figures into the short strings the screens show, in the screen's locale (Intl for
 * numbers and dates, the catalogue for words). Anything unknown (null, undefined, NaN, infinite) is
 * shown as an em dash, never as 0 or "NaN".
 */
import { localeTag, t } from '../i18n/index.js';

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

// Formatters are made once per locale and shape: building one per figure showed in the wall's render profile.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${JSON.stringify(options)}@${localeTag}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(localeTag, options)));
  return format;
}

/** percent of a fraction: 0.8 → "80%", (0.8125, 1) → "81.3%". */
export function percent(fraction: number | null | undefined, digits = 0): string {
  if (!known(fraction)) return NONE;
  return numberFormat({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction);
}

/** count: 1234 → "1,234". */
export function count(n: number | null | undefined): string {
  if (!known(n)) return NONE;
  return numberFormat({ maximumFractionDigits: 0 }).format(Math.round(n));
}

/** decimal: a figure with exactly `digits` decimals, 2.25 → "2.25" (1234.5 → "1,234.50"). */
export function decimal(n: number | null | undefined, digits: number): string {
  if (!known(n)) return NONE;
  return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** money: 0.77 in CNY → "CN¥0.77" (zh: "¥0.77"); without a known currency code, the plain amount "0.77". */
export function money(amount: number | null | undefined, currency: string | undefined): string {
  if (!known(amount)) return NONE;
  if (currency !== undefined && /^[A-Z]{3}$/.test(currency)) return numberFormat({ style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  return decimal(amount, 2);
}

/**
 * staffing: the Erlang C staffing gap (required − productive agents) in words, never a bare signed
 * number a hall has to decode: 12 → "short 12", −56 → "surplus 56", 0 → "as needed".
 */
export function staffing(gap: number | null | undefined): string {
  if (!known(gap)) return NONE;
  const r = Math.round(gap);
  return r > 0 ? t.wall.short(count(r)) : r < 0 ? t.wall.surplus(count(-r)) : t.wall.balanced;
}

/** age in words for "data … old": 12 → "12 s", 125 → "2 min", 7300 → "2 h". */
export function age(sec: number | null | undefined): string {
  if (!known(sec) || sec < 0) return NONE;
  if (sec < 60) return t.units.sec(Math.round(sec));
  if (sec < 3600) return t.units.min(Math.floor(sec / 60));
  return t.units.hour(Math.floor(sec / 3600));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${JSON.stringify(options)}@${timeZone ?? ''}@${localeTag}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(localeTag, { ...options, timeZone })));
  return format;
}

/** clock: "14:03:09" in the given IANA zone (the browser's own when omitted). */
export function clock(ms: number, timeZone?: string): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }, timeZone).format(ms);
}

/** day: "Mon 24 Nov 2025" (zh: "2025年11月24日周一"). */
export function day(ms: number, timeZone?: string): string {
  return dateFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, timeZone).format(ms);
}

/** goal: the service-level goal as words, e.g. "80% in 20s". */
export function goal(target: number | null | undefined, thresholdSec: number | null | undefined): string {
  if (!known(target) || !known(thresholdSec)) return NONE;
  const u = t.units;
  const time = thresholdSec >= 3600 && thresholdSec % 3600 === 0 ? u.goalHour(thresholdSec / 3600) : thresholdSec >= 120 && thresholdSec % 60 === 0 ? u.goalMin(thresholdSec / 60) : u.goalSec(thresholdSec);
  return u.goal(percent(target), time);
}

/**
 * scopeGoal: a scope's service-level goal in words ("80% in 20s"), or "mixed goals" when its queues'
 * goals differ — from the figures, not the server's English label.
 */
export function scopeGoal(g: { target: number | null; thresholdSec: number | null; formula: string } | undefined): string {
  if (g === undefined) return NONE;
  return g.formula === 'mixed' ? t.wall.mixedGoals : goal(g.target, g.thresholdSec);
}

/** mediaName: "Voice" for `voice` (in the screen's language); an unknown media as it is. */
export const mediaName = (media: string): string => (t.media as Record<string, string>)[media] ?? media;

/**
 * queueLabel: a queue's name inside its centre's tile, without the centre's name the config repeats
 * ("Hangzhou VIP voice" in Hangzhou → "VIP voice"); any other name as it is.
 */
export function queueLabel(centreName: string, queueName: string): string {
  const rest = queueName.startsWith(`${centreName} `) ? queueName.slice(centreName.length + 1).trim() : '';
  return rest === '' ? queueName : rest.charAt(0).toLocaleUpperCase(localeTag) + rest.slice(1);
}

/** seatName: "Home" for `home`; an unknown seat type as it is. */
export const seatName = (seat: string): string => (t.seat as Record<string, string>)[seat] ?? seat;
